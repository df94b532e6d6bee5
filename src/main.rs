//! The `roundup` binary: parses the command line and runs one subcommand.

fn main() -> std::process::ExitCode {
    roundup::cli::main()
}
