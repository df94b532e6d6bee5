//! `roundup serve`: a live preview; see [`crate::serve`].

use crate::diag::Error;
use crate::serve::{self, ServeOptions};

/// Runs the preview server until Ctrl-C.
pub(crate) fn run(opts: &ServeOptions) -> Result<(), Error> {
    serve::run(opts)
}
