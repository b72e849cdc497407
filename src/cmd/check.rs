//! `zerenzhi check`: data errors and rule results.

use std::io::{self, Write};

use chrono::NaiveDate;
use serde::Serialize;

use super::{Exit, Format, RecordsArgs};
use zerenzhi::Judge;
use zerenzhi::diag::{self, Diagnostic, Lang, Severity};
use zerenzhi::model::date_zh;
use zerenzhi::rules::{Level, Outcome, Status};

#[derive(Debug, Clone, clap::Args)]
pub(crate) struct CheckArgs {
    #[command(flatten)]
    pub input: RecordsArgs,
    /// 只检查这一年（only this year）
    #[arg(long, value_name = "YEAR")]
    pub year: Option<i32>,
    /// 输出格式（output format）
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
    /// 列出今后若干天内到期的事项，默认 30 天，最多 36500 天（list what falls due within DAYS）
    #[arg(long, value_name = "DAYS", num_args = 0..=1, default_missing_value = "30",
          value_parser = clap::value_parser!(u32).range(0..=36500))]
    pub upcoming: Option<u32>,
    /// 把警告和倡导性规则未落实也当作失败（`--deny warnings`）
    #[arg(long, value_enum)]
    pub deny: Option<Deny>,
    /// 只检查数据错误，不评估规则（用于提交前检查：年度中途的规则待办不妨碍提交）
    #[arg(long, conflicts_with = "upcoming")]
    pub data_only: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Deny {
    Warnings,
}

#[derive(Serialize)]
struct Report<'a> {
    as_of: String,
    years: &'a [i32],
    errors: Vec<diag::JsonDiagnostic>,
    warnings: Vec<diag::JsonDiagnostic>,
    rules: &'a [&'a Outcome],
    #[serde(skip_serializing_if = "Option::is_none")]
    upcoming: Option<Vec<&'a Outcome>>,
    scores: Vec<&'a zerenzhi::score::Scores>,
}

pub(crate) fn run(args: &CheckArgs, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<Exit> {
    let input = &args.input;
    let lang = input.lang;
    let (project, as_of) = match input.open(&input.place(), err)? {
        Ok(opened) => opened,
        Err(exit) => return Ok(exit),
    };
    let data = &project.data;
    let years: Vec<i32> = match args.year {
        Some(y) => vec![y],
        None => data.records.years.clone(),
    };
    let diags: Vec<&Diagnostic> = data
        .diags
        .iter()
        .filter(|d| args.year.is_none_or(|y| in_year(&d.file, y)))
        .collect();
    let judged = project.judge(Judge {
        years: Some(if args.data_only { Vec::new() } else { years.clone() }),
        lang,
        ..Judge::new(as_of)
    });
    let outcomes = judged.all_outcomes();
    let upcoming: Option<Vec<&Outcome>> = args.upcoming.map(|days| {
        let horizon = as_of
            .checked_add_days(chrono::Days::new(u64::from(days)))
            .unwrap_or(chrono::NaiveDate::MAX);
        let mut list: Vec<&Outcome> = outcomes
            .iter()
            .copied()
            .filter(|o| o.status == Status::Pending && o.due.is_some_and(|d| d <= horizon))
            .collect();
        list.sort_by(|a, b| (a.due, &a.rule, a.scope.id()).cmp(&(b.due, &b.rule, b.scope.id())));
        list
    });

    let errors = diags.iter().filter(|d| d.severity == Severity::Error).count();
    let warnings = diags.len() - errors;
    let violated = |level| {
        outcomes
            .iter()
            .filter(|o| o.status == Status::Violated && o.level == level)
            .count()
    };
    let (required_violated, advisory_violated) = (violated(Level::Required), violated(Level::Advisory));
    let deny_warnings = args.deny == Some(Deny::Warnings);
    let failed = errors > 0 || required_violated > 0 || (deny_warnings && (warnings > 0 || advisory_violated > 0));

    match args.format {
        Format::Json => {
            let (errs, warns): (Vec<_>, Vec<_>) = diags.iter().partition(|d| d.severity == Severity::Error);
            let json = |list: Vec<&&Diagnostic>| {
                list.into_iter()
                    .map(|d| diag::to_json(d, &data.sources, lang))
                    .collect()
            };
            let report = Report {
                as_of: as_of.to_string(),
                years: &years,
                errors: json(errs),
                warnings: json(warns),
                rules: &outcomes,
                upcoming,
                scores: judged.years.iter().filter_map(|y| judged.scores(*y)).collect(),
            };
            serde_json::to_writer_pretty(&mut *out, &report)?;
            writeln!(out)?;
        }
        Format::Human => {
            super::print_diagnostics(diags.iter().copied(), &data.sources, lang, err)?;
            if args.data_only {
                if lang == Lang::Zh {
                    writeln!(out, "数据检查：错误 {errors} 个，警告 {warnings} 个（未评估规则）。")?;
                } else {
                    writeln!(
                        out,
                        "Data check: {errors} errors, {warnings} warnings (rules not judged)."
                    )?;
                }
                return Ok(if failed { Exit::Problems } else { Exit::Ok });
            }
            let summary = Summary {
                lang,
                as_of,
                years: &years,
                outcomes: &outcomes,
                errors,
                warnings,
                required_violated,
                advisory_violated,
            };
            summary.write(out, upcoming.as_deref())?;
        }
    }
    Ok(if failed { Exit::Problems } else { Exit::Ok })
}

/// Whether a diagnostic's file belongs to `year` (files outside year
/// folders, such as org.toml, belong to every year).
fn in_year(file: &str, year: i32) -> bool {
    match file.split_once('/') {
        Some((first, _)) if first.len() == 4 && first.bytes().all(|b| b.is_ascii_digit()) => first == year.to_string(),
        _ => true,
    }
}

struct Summary<'a> {
    lang: Lang,
    as_of: NaiveDate,
    years: &'a [i32],
    outcomes: &'a [&'a Outcome],
    errors: usize,
    warnings: usize,
    required_violated: usize,
    advisory_violated: usize,
}

impl Summary<'_> {
    fn write(&self, out: &mut dyn Write, upcoming: Option<&[&Outcome]>) -> io::Result<()> {
        let zh = self.lang == Lang::Zh;
        let years: Vec<String> = self.years.iter().map(i32::to_string).collect();
        if years.is_empty() {
            if zh {
                writeln!(
                    out,
                    "还没有年度文件夹（如 2026/），没有可评估的规则；用 zerenzhi new 新建记录。"
                )?;
            } else {
                writeln!(
                    out,
                    "No year folders (such as 2026/) yet: no rules to judge; add records with zerenzhi new."
                )?;
            }
        } else if zh {
            writeln!(out, "规则检查：{} 年度，截至 {}", years.join("、"), date_zh(self.as_of))?;
        } else {
            writeln!(out, "Rules for {}, as of {}", years.join(", "), self.as_of)?;
        }
        if self.errors > 0 {
            writeln!(
                out,
                "{}",
                if zh {
                    "注意：有数据错误的记录未计入，改正后结果可能变化。"
                } else {
                    "Note: records with data errors are not counted."
                }
            )?;
        }
        for status in [Status::Violated, Status::Pending] {
            let list: Vec<&Outcome> = self.outcomes.iter().copied().filter(|o| o.status == status).collect();
            if list.is_empty() {
                continue;
            }
            let heading = match (status, zh) {
                (Status::Violated, true) => "违反",
                (Status::Violated, false) => "Violated",
                (_, true) => "待办",
                (_, false) => "Pending",
            };
            writeln!(out, "\n{heading}（{}）", list.len())?;
            for o in list {
                self.write_outcome(out, o)?;
            }
        }
        let met = self.outcomes.iter().filter(|o| o.status == Status::Met).count();
        if zh {
            writeln!(out, "\n符合：{met} 项")?;
        } else {
            writeln!(out, "\nMet: {met}")?;
        }
        if let Some(list) = upcoming {
            if zh {
                writeln!(out, "\n即将到期（{}）", list.len())?;
            } else {
                writeln!(out, "\nFalling due ({})", list.len())?;
            }
            for o in list {
                self.write_outcome(out, o)?;
            }
        }
        if zh {
            writeln!(
                out,
                "\n结果：数据错误 {} 个，警告 {} 个；必须规则违反 {} 项，倡导性规则未落实 {} 项。",
                self.errors, self.warnings, self.required_violated, self.advisory_violated
            )
        } else {
            writeln!(
                out,
                "\nResult: {} errors, {} warnings; {} required rules violated, {} advisory rules violated.",
                self.errors, self.warnings, self.required_violated, self.advisory_violated
            )
        }
    }

    fn write_outcome(&self, out: &mut dyn Write, o: &Outcome) -> io::Result<()> {
        let mark = match o.status {
            Status::Violated => "✗",
            Status::Pending => "…",
            Status::Met => "✓",
        };
        let level = match (o.level, self.lang) {
            (Level::Required, Lang::Zh) => "必须",
            (Level::Advisory, Lang::Zh) => "倡导",
            (Level::Required, Lang::En) => "required",
            (Level::Advisory, Lang::En) => "advisory",
        };
        writeln!(out, "  {mark} [{level}] {} {}：{}", o.rule, o.article, o.message)?;
        Ok(())
    }
}
