//! `roundup serve`: a live preview; see [`crate::serve`].

use crate::diag::BuildError;
use crate::serve::{self, ServeOptions};

/// Runs the preview server until Ctrl-C.
pub fn run(opts: &ServeOptions) -> Result<(), BuildError> {
    serve::run(opts).map_err(BuildError::Io)
}
