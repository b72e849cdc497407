//! Reading one file as text, refusing what must not be read.

use crate::beneath::{ReadError, Refused, Root};
use crate::diag::Message;

/// Largest record or org file that is read at all.
pub const MAX_FILE_BYTES: u64 = 5 * 1024 * 1024;

/// Reads the file `rel` beneath `root` as UTF-8 text, without a byte-order
/// mark.
///
/// The file is opened beneath the root ([`Root::open_file`]): a path or a
/// link leading out of it, a device, a pipe or a file of the kernel is
/// refused before anything is read. The size is checked before reading,
/// and the read itself is bounded, so a file that grows meanwhile cannot
/// exhaust memory.
pub fn read_text(root: &Root, rel: &str) -> Result<String, Message> {
    let bytes = root.read(rel, MAX_FILE_BYTES).map_err(|e| match e {
        ReadError::TooLarge => Message::TooLarge { limit: "5 MB".into() },
        ReadError::Refused(refused) => refusal(refused, rel),
    })?;
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

/// The message for a file that was not opened.
pub fn refusal(refused: Refused, rel: &str) -> Message {
    match refused {
        Refused::Missing => Message::Io {
            error: "the file was gone before it was read".into(),
            zh: "文件在读取前已不存在",
        },
        Refused::Outside => Message::SymlinkOutside {
            target: rel.to_string(),
        },
        Refused::NotRegular | Refused::Kernel => Message::NotRegularFile,
        Refused::Io(err) => Message::io(&err),
    }
}
