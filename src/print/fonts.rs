//! Which face each role of a printed report (title, body, 一、, （一）,
//! page number) resolves to on this machine, as fontconfig (which Chromium
//! uses on Linux) answers, and the office's own font files for one run.
//!
//! The roles' font stacks are read from the theme's stylesheet (the
//! `--xbs`, `--fangsong`, `--heiti`, `--kaiti` and `--songti` variables),
//! so what is reported is what the page asks for.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A role of the printed report and the stylesheet variable of its stack.
pub const ROLES: &[(&str, &str)] = &[
    ("标题", "--xbs"),
    ("正文", "--fangsong"),
    ("一级标题（一、）", "--heiti"),
    ("二级标题（（一））", "--kaiti"),
    ("页码", "--songti"),
];

/// How one role resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// The role, in Chinese.
    pub role: &'static str,
    /// The first family the stylesheet names for it.
    pub wanted: String,
    /// The family fontconfig gives, and its file.
    pub family: String,
    /// The font file.
    pub file: PathBuf,
    /// The family is one the stylesheet names before its last resort (the
    /// generic Noto or Source Han faces), so the role has its own face.
    pub own_face: bool,
    /// The face has TrueType outlines, which Chromium embeds as CID
    /// TrueType; CFF outlines become Type 3.
    pub truetype: bool,
}

/// The font families of the stylesheet variable `var`, in order, without
/// the generic family at the end.
pub fn stack(css: &str, var: &str) -> Vec<String> {
    let key = format!("{var}:");
    let Some(at) = css.find(&key) else {
        return Vec::new();
    };
    let value = &css[at + key.len()..];
    let value = &value[..value.find(';').unwrap_or(value.len())];
    value
        .split(',')
        .map(|f| f.trim().trim_matches('"').trim_matches('\'').to_string())
        .filter(|f| !f.is_empty() && !["serif", "sans-serif", "monospace"].contains(&f.as_str()))
        .collect()
}

/// The families that are a last resort: faces every Linux has, which are
/// not the face an official document asks for.
const LAST_RESORT: &[&str] = &[
    "Noto Serif CJK SC",
    "Noto Sans CJK SC",
    "Source Han Serif SC",
    "Source Han Sans SC",
];

/// How each role of `css` resolves with fontconfig, given the
/// `FONTCONFIG_FILE` of `config` (the office's fonts) if any; `None` when
/// fontconfig's `fc-match` is not on the machine (Windows, macOS).
pub fn resolve(css: &str, config: Option<&Path>) -> Option<Vec<Resolved>> {
    let fc_match = which::which("fc-match").ok()?;
    let ask = |family: &str| -> Option<(String, PathBuf)> {
        let mut cmd = Command::new(&fc_match);
        if let Some(config) = config {
            cmd.env("FONTCONFIG_FILE", config);
        }
        let out = cmd
            .args(["-f", "%{family}\\n%{file}\\n", &format!("{family}:lang=zh-cn")])
            .output()
            .ok()?;
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        let mut lines = text.lines();
        Some((lines.next()?.to_string(), PathBuf::from(lines.next()?)))
    };
    let mut all = Vec::new();
    for (role, var) in ROLES {
        let families = stack(css, var);
        let Some(wanted) = families.first().cloned() else {
            continue;
        };
        // the first family of the stack that fontconfig really has (it
        // answers every question with something)
        let found = families.iter().find_map(|family| {
            let (got, file) = ask(family)?;
            let names: Vec<&str> = got.split(',').collect();
            names
                .iter()
                .any(|n| n.eq_ignore_ascii_case(family))
                .then(|| (family.clone(), file))
        });
        let (family, file, own_face) = match found {
            Some((family, file)) => {
                let own = !LAST_RESORT.contains(&family.as_str());
                (family, file, own)
            }
            None => {
                let (got, file) = ask(&wanted)?;
                (got.split(',').next().unwrap_or_default().to_string(), file, false)
            }
        };
        all.push(Resolved {
            role,
            wanted,
            truetype: is_truetype(&file),
            family,
            file,
            own_face,
        });
    }
    Some(all)
}

/// Whether the (first) font of a `.ttf`, `.otf` or `.ttc` file has
/// TrueType (`glyf`) outlines rather than CFF ones.
pub fn is_truetype(file: &Path) -> bool {
    let Ok(bytes) = std::fs::read(file) else {
        return false;
    };
    let u32_at = |at: usize| {
        bytes
            .get(at..at + 4)
            .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    };
    let u16_at = |at: usize| bytes.get(at..at + 2).map(|b| u16::from_be_bytes([b[0], b[1]]));
    let font = if bytes.starts_with(b"ttcf") {
        u32_at(12).unwrap_or(0) as usize
    } else {
        0
    };
    let tables = u16_at(font + 4).unwrap_or(0) as usize;
    (0..tables).any(|i| bytes.get(font + 12 + i * 16..font + 16 + i * 16) == Some(b"glyf"))
}

/// A fontconfig file for one run that adds the fonts of `dir` to the
/// machine's, written into `work`.
pub fn config_with(dir: &Path, work: &Path) -> std::io::Result<PathBuf> {
    let dir = std::path::absolute(dir)?;
    let escape = |p: &Path| {
        p.display()
            .to_string()
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let file = work.join("fonts.conf");
    std::fs::write(
        &file,
        format!(
            "<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">\n<fontconfig>\n  <include ignore_missing=\"yes\">/etc/fonts/fonts.conf</include>\n  <dir>{}</dir>\n  <cachedir>{}</cachedir>\n</fontconfig>\n",
            escape(&dir),
            escape(&work.join("fontconfig-cache"))
        ),
    )?;
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stacks_come_from_the_stylesheet() {
        let css = ":root { --kaiti: \"楷体_GB2312\", \"AR PL UKai CN\", serif; --x: a; }";
        assert_eq!(stack(css, "--kaiti"), ["楷体_GB2312", "AR PL UKai CN"]);
        assert!(stack(css, "--songti").is_empty());
        let shipped = include_str!("../../templates/style.css");
        for (_, var) in ROLES {
            assert!(stack(shipped, var).len() > 2, "{var}");
        }
    }

    #[test]
    fn outlines_are_told_apart_by_their_tables() {
        let mut ttf = vec![0, 1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0];
        ttf.extend_from_slice(b"cmap\0\0\0\0\0\0\0\0\0\0\0\0glyf\0\0\0\0\0\0\0\0\0\0\0\0");
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("a.ttf");
        std::fs::write(&path, &ttf).unwrap_or_else(|e| panic!("{e}"));
        assert!(is_truetype(&path));
        let otf: Vec<u8> = [
            b"OTTO".to_vec(),
            vec![0, 1, 0, 0, 0, 0, 0, 0],
            b"CFF \0\0\0\0\0\0\0\0\0\0\0\0".to_vec(),
        ]
        .concat();
        std::fs::write(&path, &otf).unwrap_or_else(|e| panic!("{e}"));
        assert!(!is_truetype(&path));
    }
}
