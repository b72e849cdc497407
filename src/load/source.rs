//! Reading one file as text, refusing what must not be read.

use std::fs;
use std::io::Read;
use std::path::Path;

use crate::diag::Message;

/// Largest record or org file that is read at all.
pub const MAX_FILE_BYTES: u64 = 5 * 1024 * 1024;

/// Reads a regular file as UTF-8 text, without a byte-order mark.
///
/// Anything but a regular file (a device, a pipe) is refused before it is
/// opened, since opening a pipe can block forever. The size is checked
/// before anything is read, and the read itself is bounded, so a file that
/// grows meanwhile cannot exhaust memory.
pub fn read_text(path: &Path) -> Result<String, Message> {
    if !fs::metadata(path).map_err(io_message)?.is_file() {
        return Err(Message::NotRegularFile);
    }
    read_regular(path)
}

/// [`read_text`] for a path already known to be a regular file (from the
/// directory walk), saving a `stat`.
pub fn read_regular(path: &Path) -> Result<String, Message> {
    let too_large = || Message::TooLarge { limit: "5 MB".into() };
    let file = fs::File::open(path).map_err(io_message)?;
    let len = file.metadata().map_err(io_message)?.len();
    if len > MAX_FILE_BYTES {
        return Err(too_large());
    }
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io_message)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large());
    }
    // SIMD validation, then a copy: far cheaper than std's check on
    // Chinese text (three bytes a character), and no `unsafe`.
    let mut text = simdutf8::basic::from_utf8(&bytes)
        .map_err(|_| Message::NotUtf8)?
        .to_owned();
    if text.starts_with('\u{feff}') {
        text.drain(..3);
    }
    if text.trim().is_empty() {
        return Err(Message::Empty);
    }
    Ok(text)
}

fn io_message(err: std::io::Error) -> Message {
    Message::Io { error: err.to_string() }
}
