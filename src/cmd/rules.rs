//! `zerenzhi rules`: the effective rules after the unit's overrides.

use std::io::{self, Write};
use std::path::PathBuf;

use serde::Serialize;

use super::{Exit, Format};
use zerenzhi::diag::{self, Lang, Severity};
use zerenzhi::rules::{Rule, RuleSet};

#[derive(Debug, Clone, clap::Args)]
pub(crate) struct RulesArgs {
    /// 记录目录（records folder），读取其中的 rules.toml；默认在当前目录及上级目录中查找 org.toml 或 records/org.toml
    #[arg(long, value_name = "DIR")]
    pub records: Option<PathBuf>,
    /// 输出格式（output format）
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
    /// 提示语言（message language）
    #[arg(long, value_enum, default_value_t)]
    pub lang: Lang,
}

#[derive(Serialize)]
struct JsonRule<'a> {
    #[serde(flatten)]
    rule: &'a Rule,
    article_text: String,
}

pub(crate) fn run(args: &RulesArgs, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<Exit> {
    let mut diags = Vec::new();
    let mut sources = diag::SourceMap::default();
    let records = super::locate(args.records.as_deref()).records;
    let user = zerenzhi::beneath::Root::open(&records)
        .ok()
        .and_then(|root| zerenzhi::load::read_rules(&root, &mut diags));
    let set = RuleSet::load(user.as_deref(), &mut diags, &mut sources);
    super::print_diagnostics(&diags, &sources, args.lang, err)?;
    match args.format {
        Format::Json => {
            let list: Vec<JsonRule> = set
                .rules
                .iter()
                .map(|rule| JsonRule {
                    rule,
                    article_text: rule.article_text(),
                })
                .collect();
            serde_json::to_writer_pretty(&mut *out, &list)?;
            writeln!(out)?;
        }
        Format::Human => {
            for rule in &set.rules {
                writeln!(out, "{}  {}  [{}]", rule.id, rule.article, rule.level.zh())?;
                writeln!(out, "  {}", rule.title)?;
                for line in rule.article_text().lines() {
                    writeln!(out, "  │ {line}")?;
                }
                writeln!(out)?;
            }
        }
    }
    let errors = diags.iter().any(|d| d.severity == Severity::Error);
    Ok(if errors { Exit::Problems } else { Exit::Ok })
}
