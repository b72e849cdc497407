//! Which special reports a command writes (`pdf`, `docx`): the year, the
//! unit's or one section's or all, and the files they go in.

use std::collections::HashSet;

use zerenzhi::model::{Records, names};

use super::Lang;

/// The year and the reports to write.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct Which {
    /// 年度，默认为最新一年
    #[arg(long, value_name = "YEAR")]
    pub year: Option<i32>,
    /// 只输出这个科室的报告（科室编号或名称）
    #[arg(long, value_name = "ID", conflicts_with = "all")]
    pub section: Option<String>,
    /// 输出单位报告和所有科室的报告
    #[arg(long)]
    pub all: bool,
}

/// The reports chosen: the year, and the section ids whose reports are
/// wanted (`None` standing for the unit's).
pub(crate) struct Chosen {
    pub year: i32,
    pub scopes: Vec<Option<String>>,
}

impl Which {
    /// [`Which::choose`], saying what is wrong with what was asked (a usage
    /// error) when something is.
    pub(crate) fn chosen(
        &self,
        input: &super::RecordsArgs,
        data: &Records,
        err: &mut dyn std::io::Write,
    ) -> std::io::Result<Result<Chosen, super::Exit>> {
        match self.choose(input.lang, data) {
            Ok(chosen) => Ok(Ok(chosen)),
            Err(said) => {
                input.fail(err, &said)?;
                Ok(Err(super::Exit::Usage))
            }
        }
    }

    /// The year (the newest by default) and the reports asked for, or what
    /// is wrong with what was asked.
    fn choose(&self, lang: Lang, data: &Records) -> Result<Chosen, String> {
        let Some(year) = self.year.or_else(|| data.years.last().copied()) else {
            return Err(lang
                .pick("记录中没有年度文件夹", "the records have no year folder")
                .into());
        };
        if !data.years.contains(&year) {
            return Err(lang.pick(
                format!("记录中没有 {year} 年度文件夹"),
                format!("the records have no folder for {year}"),
            ));
        }
        let scopes = match self.section.as_deref() {
            Some(given) => match super::section_id(&data.org, given) {
                Some(id) => vec![Some(id)],
                None => {
                    return Err(lang.pick(
                        format!("org.toml 中没有科室 `{given}`"),
                        format!("org.toml has no section `{given}`"),
                    ));
                }
            },
            None if self.all => std::iter::once(None)
                .chain(data.org.sections.iter().map(|s| Some(s.id.clone())))
                .collect(),
            None => vec![None],
        };
        Ok(Chosen { year, scopes })
    }
}

/// Moves each finished file (written in a work folder) into place, saying
/// so, once all are done: a run that fails before leaves no file half
/// written and replaces none.
pub(crate) fn put_in_place(
    input: &super::RecordsArgs,
    files: Vec<(std::path::PathBuf, std::path::PathBuf)>,
    out: &mut dyn std::io::Write,
    err: &mut dyn std::io::Write,
) -> std::io::Result<super::Exit> {
    for (draft, target) in files {
        if let Err(e) = zerenzhi::print::move_into_place(&draft, &target) {
            let shown = target.display();
            let said = input
                .lang
                .pick(format!("无法写入 {shown}：{e}"), format!("cannot write {shown}: {e}"));
            input.fail(err, &said)?;
            return Ok(super::Exit::Problems);
        }
        writeln!(out, "{} {}", input.lang.pick("已生成", "made"), target.display())?;
    }
    Ok(super::Exit::Ok)
}

/// File names for what a command writes, such as `2026-综合科-专题报告.pdf`:
/// the names come from org.toml, each reduced to letters, digits, `-`,
/// `_` and `.` like every file name of the site, so none can lead out of
/// the output folder; two names that reduce alike (or a section named
/// like the unit) get `-2`, `-3`…: one file never replaces another.
#[derive(Default)]
pub(crate) struct FileNames(HashSet<String>);

impl FileNames {
    /// The file for `what` of `who` in `year`, ending in `ext`.
    pub(crate) fn name(&mut self, year: i32, who: &str, what: &str, ext: &str) -> String {
        let who = names::safe_file_part(who);
        let base = format!("{year}-{}-{what}", who.trim_start_matches('.'));
        let mut name = format!("{base}.{ext}");
        let mut n = 2;
        while !self.0.insert(names::fold(&name).into_owned()) {
            name = format!("{base}-{n}.{ext}");
            n += 1;
        }
        name
    }

    /// The file of the report of `scope` (a section id, or the unit's).
    pub(crate) fn report(&mut self, data: &Records, year: i32, scope: Option<&str>, ext: &str) -> String {
        let who = match scope {
            None => data.org.unit.short_name.as_str(),
            Some(id) => data.org.scope_name(id),
        };
        self.name(year, who, "专题报告", ext)
    }
}
