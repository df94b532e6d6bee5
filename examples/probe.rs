use std::time::Instant;
fn main() {
    let dir = std::env::args().nth(1).unwrap();
    let files = roundup::article::find_files(std::path::Path::new(&dir));
    let t = Instant::now();
    let loaded: Vec<_> = files.iter().map(|f| roundup::article::load_file(f, "x".into(), f).ok().unwrap()).collect();
    println!("parse {:?}", t.elapsed());
    let t = Instant::now();
    for l in &loaded { std::hint::black_box(roundup::text::stems(&l.text).count()); }
    println!("stems {:?}", t.elapsed());
    let t = Instant::now();
    for l in &loaded { std::hint::black_box(roundup::text::entities(&l.text)); }
    println!("entities {:?}", t.elapsed());
    let t = Instant::now();
    for l in &loaded { std::hint::black_box(roundup::text::shingle::minhash(&l.text)); }
    println!("minhash {:?}", t.elapsed());
    let t = Instant::now();
    for l in &loaded { std::hint::black_box(roundup::figures::extract(&l.text)); }
    println!("figures {:?}", t.elapsed());
    let t = Instant::now();
    for l in &loaded { std::hint::black_box(roundup::text::Features::extract(&l.article.title, &l.article.lead, &l.text)); }
    println!("features {:?}", t.elapsed());
}
