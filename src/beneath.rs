//! Opening files only beneath a root folder: the records or `--templates`.
//!
//! Every file zerenzhi reads from a user's folder (records, `org.toml`,
//! attachments, template assets) is opened through a [`Root`]. On Linux
//! the root is held open as a directory handle and each file is opened
//! relative to it with `openat2(RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS)`:
//! the kernel resolves every component of the path, and a `..` or a
//! symbolic link anywhere in it that leads out of the root fails the open,
//! so no check can be raced. The file is then read from that same
//! descriptor, and only when it is a regular file on an ordinary file
//! system (not procfs, sysfs or the like). Where `openat2` is missing
//! (other systems, Linux before 5.6) the path is resolved first and
//! checked against the canonical root.

use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};

/// A folder whose files are opened only beneath it.
#[derive(Debug)]
pub struct Root {
    path: PathBuf,
    canonical: PathBuf,
    #[cfg(target_os = "linux")]
    dir: Option<rustix::fd::OwnedFd>,
    /// The root's device, and whether it is a kernel file system itself: a
    /// file on the same device is on the same file system, so only a file
    /// on another device (a mount below the root) is looked at again.
    #[cfg(target_os = "linux")]
    device: Option<(u64, bool)>,
}

/// Why a file beneath a root was not opened.
#[derive(Debug)]
pub enum Refused {
    /// Nothing at that path.
    Missing,
    /// The path, or a symbolic link on it, leads out of the root.
    Outside,
    /// A folder, a device, a pipe or a socket.
    NotRegular,
    /// A file of the kernel (procfs, sysfs and the like).
    Kernel,
    /// Any other failure.
    Io(io::Error),
}

impl Root {
    /// Takes `path` (a folder) as a root.
    pub fn open(path: &Path) -> io::Result<Root> {
        let canonical = fs::canonicalize(path)?;
        if !canonical.is_dir() {
            return Err(io::Error::from(io::ErrorKind::NotADirectory));
        }
        #[cfg(target_os = "linux")]
        let device = File::open(&canonical)
            .and_then(|dir| {
                Ok((
                    std::os::unix::fs::MetadataExt::dev(&dir.metadata()?),
                    linux::is_kernel_fs(&dir),
                ))
            })
            .ok();
        Ok(Root {
            path: path.to_path_buf(),
            #[cfg(target_os = "linux")]
            dir: linux::open_dir(&canonical).ok(),
            #[cfg(target_os = "linux")]
            device,
            canonical,
        })
    }

    /// The folder as it was given.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Opens the regular file `rel` (relative to the root, `/`-separated)
    /// for reading, refusing anything outside the root or not a regular
    /// file. Returns the open file and its size.
    pub fn open_file(&self, rel: &str) -> Result<(File, u64), Refused> {
        if rel.is_empty() || Path::new(rel).is_absolute() || rel.contains('\0') {
            return Err(Refused::Outside);
        }
        #[cfg(target_os = "linux")]
        if let Some(dir) = &self.dir {
            match linux::open_beneath(self, dir, rel) {
                // no openat2 in this kernel, or a sandbox (seccomp) that
                // refuses it: the portable way
                Err(Refused::Io(e))
                    if [rustix::io::Errno::NOSYS, rustix::io::Errno::PERM]
                        .iter()
                        .any(|n| e.raw_os_error() == Some(n.raw_os_error())) => {}
                // The kernel refuses an absolute link even when it points
                // inside the root: open what it points to, once, beneath
                // the root again.
                Err(Refused::Outside) => {
                    return match fs::canonicalize(self.canonical.join(rel)) {
                        Ok(target) => match target.strip_prefix(&self.canonical) {
                            Ok(inside) if !inside.as_os_str().is_empty() => {
                                linux::open_beneath(self, dir, &inside.to_string_lossy())
                            }
                            _ => Err(Refused::Outside),
                        },
                        Err(_) => Err(Refused::Outside),
                    };
                }
                result => return result,
            }
        }
        self.open_resolved(rel)
    }

    /// Reads the whole regular file `rel`, at most `limit` bytes of it.
    pub fn read(&self, rel: &str, limit: u64) -> Result<Vec<u8>, ReadError> {
        use std::io::Read;
        let (file, len) = self.open_file(rel).map_err(ReadError::Refused)?;
        if len > limit {
            return Err(ReadError::TooLarge);
        }
        let mut bytes = Vec::with_capacity(len as usize);
        file.take(limit + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| ReadError::Refused(Refused::Io(e)))?;
        if bytes.len() as u64 > limit {
            return Err(ReadError::TooLarge);
        }
        Ok(bytes)
    }

    /// The file, once it is known to be a regular file on an ordinary file
    /// system, with its size.
    fn checked(&self, file: File) -> Result<(File, u64), Refused> {
        let meta = file.metadata().map_err(Refused::Io)?;
        if !meta.is_file() {
            return Err(Refused::NotRegular);
        }
        #[cfg(target_os = "linux")]
        {
            let kernel = match self.device {
                Some((device, kernel)) if std::os::unix::fs::MetadataExt::dev(&meta) == device => kernel,
                _ => linux::is_kernel_fs(&file),
            };
            if kernel {
                return Err(Refused::Kernel);
            }
        }
        Ok((file, meta.len()))
    }

    /// The portable way: resolve the path, check it is beneath the root,
    /// then open what it resolved to.
    fn open_resolved(&self, rel: &str) -> Result<(File, u64), Refused> {
        let resolved = match fs::canonicalize(self.canonical.join(rel)) {
            Ok(p) => p,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                // a dangling link, or nothing there
                return Err(match fs::symlink_metadata(self.canonical.join(rel)) {
                    Ok(_) => Refused::Outside,
                    Err(_) => Refused::Missing,
                });
            }
            Err(e) => return Err(Refused::Io(e)),
        };
        if !resolved.starts_with(&self.canonical) {
            return Err(Refused::Outside);
        }
        let meta = fs::metadata(&resolved).map_err(Refused::Io)?;
        if !meta.is_file() {
            return Err(Refused::NotRegular);
        }
        let file = File::open(&resolved).map_err(Refused::Io)?;
        self.checked(file)
    }
}

/// Why [`Root::read`] read nothing.
#[derive(Debug)]
pub enum ReadError {
    /// The file could not be opened or read.
    Refused(Refused),
    /// The file is longer than the limit.
    TooLarge,
}

#[cfg(target_os = "linux")]
mod linux {
    use std::fs::File;
    use std::path::Path;

    use rustix::fd::OwnedFd;
    use rustix::fs::{Mode, OFlags, ResolveFlags};
    use rustix::io::Errno;

    use super::Refused;

    pub(crate) fn open_dir(path: &Path) -> rustix::io::Result<OwnedFd> {
        rustix::fs::open(path, OFlags::PATH | OFlags::DIRECTORY | OFlags::CLOEXEC, Mode::empty())
    }

    pub(crate) fn open_beneath(root: &super::Root, dir: &OwnedFd, rel: &str) -> Result<(File, u64), Refused> {
        // O_NONBLOCK: opening a pipe must not wait for a writer; it is
        // refused as not regular right after.
        let flags = OFlags::RDONLY | OFlags::CLOEXEC | OFlags::NONBLOCK | OFlags::NOCTTY;
        let resolve = ResolveFlags::BENEATH | ResolveFlags::NO_MAGICLINKS;
        match rustix::fs::openat2(dir, rel, flags, Mode::empty(), resolve) {
            Ok(fd) => root.checked(File::from(fd)),
            Err(Errno::NOENT) => Err(Refused::Missing),
            // a `..` or a link leaving the root (EXDEV), a magic link
            // (ELOOP)
            Err(Errno::XDEV | Errno::LOOP) => Err(Refused::Outside),
            Err(Errno::ISDIR | Errno::NXIO) => Err(Refused::NotRegular),
            Err(e) => Err(Refused::Io(e.into())),
        }
    }

    /// Whether the file lives on a file system of the kernel's own.
    pub(crate) fn is_kernel_fs(file: &File) -> bool {
        const KERNEL: &[i64] = &[
            0x9fa0,      // proc
            0x6265_6572, // sysfs
            0x6462_6720, // debugfs
            0x7472_6163, // tracefs
            0x7363_6673, // securityfs
            0x2762_0100, // cgroup
            0x6367_7270, // cgroup2
            0xcafe_4a11, // bpf
            0x1cd1,      // devpts
            0x6265_6570, // configfs
            0x6e73_6673, // nsfs
            0x5049_5045, // pipefs
        ];
        // `f_type`'s integer type differs between architectures
        #[allow(clippy::unnecessary_cast)]
        rustix::fs::fstatfs(file).is_ok_and(|s| KERNEL.contains(&(s.f_type as i64)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_regular_files_beneath_the_root_are_opened() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("r");
        fs::create_dir_all(root.join("a/b")).unwrap();
        fs::write(root.join("a/b/x.txt"), "x").unwrap();
        fs::write(tmp.path().join("secret"), "s").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::symlink;
            symlink("../../secret", root.join("a/out")).unwrap();
            symlink("/etc", root.join("a/etc")).unwrap();
            symlink("/proc/self", root.join("a/p")).unwrap();
            symlink("b/x.txt", root.join("a/in")).unwrap();
        }
        let r = Root::open(&root).unwrap();
        assert_eq!(r.open_file("a/b/x.txt").unwrap().1, 1);
        assert!(matches!(r.open_file("a/b"), Err(Refused::NotRegular)));
        assert!(matches!(r.open_file("a/none"), Err(Refused::Missing)));
        assert!(matches!(r.open_file("../secret"), Err(Refused::Outside)));
        assert!(matches!(r.open_file("a/../../secret"), Err(Refused::Outside)));
        assert!(matches!(r.open_file("/etc/passwd"), Err(Refused::Outside)));
        #[cfg(unix)]
        {
            assert_eq!(r.open_file("a/in").unwrap().1, 1, "a link inside the root is followed");
            for bad in ["a/out", "a/etc/passwd", "a/p/environ", "a/p/status"] {
                assert!(matches!(r.open_file(bad), Err(Refused::Outside)), "{bad}");
            }
        }
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn kernel_files_are_refused_even_as_the_root() {
        let r = Root::open(Path::new("/proc/self")).unwrap();
        assert!(matches!(r.open_file("status"), Err(Refused::Kernel)));
        let r = Root::open(Path::new("/dev")).unwrap();
        assert!(matches!(r.open_file("null"), Err(Refused::NotRegular)));
    }
}
