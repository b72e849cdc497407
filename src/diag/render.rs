//! Showing diagnostics: rustc-style text (annotate-snippets) and JSON objects.

use annotate_snippets::renderer::DecorStyle;
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde::Serialize;

use super::{Diagnostic, Lang, Severity, SourceMap};

/// One diagnostic as `check --format json` reports it.
#[derive(Debug, Serialize)]
pub struct JsonDiagnostic {
    /// Path relative to the records root, with `/` separators.
    pub file: String,
    /// 1-based line of the start of the span.
    pub line: usize,
    /// 1-based column, in characters, of the start of the span.
    pub column: usize,
    /// The stable code (`E-DATE`, `W-STRAY`…).
    pub code: &'static str,
    /// Sentence and hint on one line.
    pub message: String,
}

/// The JSON form of `diag`, with line and column taken from `sources`.
pub fn to_json(diag: &Diagnostic, sources: &SourceMap, lang: Lang) -> JsonDiagnostic {
    let (line, column) = sources.line_col(&diag.file, diag.span.start);
    JsonDiagnostic {
        file: diag.file.clone(),
        line,
        column,
        code: diag.code(),
        message: diag.message.full_text(lang),
    }
}

/// Renders one diagnostic the way rustc does: a title with the code, the
/// `--> file:line:column` pointer, the source line with an underline, and a
/// hint. `color` selects ANSI styling.
pub fn render_human(diag: &Diagnostic, sources: &SourceMap, lang: Lang, color: bool) -> String {
    let (text, hint) = diag.message.text(lang);
    let level = match (diag.severity, lang) {
        (Severity::Error, Lang::Zh) => Level::ERROR.with_name("错误"),
        (Severity::Warning, Lang::Zh) => Level::WARNING.with_name("警告"),
        (Severity::Error, Lang::En) => Level::ERROR,
        (Severity::Warning, Lang::En) => Level::WARNING,
    };
    let help = match lang {
        Lang::Zh => Level::HELP.with_name("提示"),
        Lang::En => Level::HELP,
    };
    let renderer = if color { Renderer::styled() } else { Renderer::plain() }.decor_style(DecorStyle::Ascii);

    let title = level.primary_title(text).id(diag.code());
    let mut report: Vec<Group> = Vec::new();
    match sources.get(&diag.file).filter(|t| !t.is_empty()) {
        Some(source) => {
            let span = clamp_span(source, diag.span.clone());
            report.push(
                title.element(
                    Snippet::source(source)
                        .path(diag.file.as_str())
                        .fold(true)
                        .annotation(AnnotationKind::Primary.span(span)),
                ),
            );
        }
        None => {
            report.push(
                title.element(
                    annotate_snippets::Origin::path(diag.file.as_str())
                        .line(1)
                        .char_column(1),
                ),
            );
        }
    }
    if let Some(hint) = hint {
        report.push(Group::with_title(help.secondary_title(hint)));
    }
    renderer.render(&report)
}

/// Keeps a span inside the text and on character boundaries; an empty span
/// at the end of a line is fine for annotate-snippets.
fn clamp_span(text: &str, span: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let fix = |mut i: usize| {
        i = i.min(text.len());
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let start = fix(span.start);
    let end = fix(span.end.max(start));
    start..end
}
