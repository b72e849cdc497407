//! zerenzhi (责任制): validates the records of a unit's party-conduct and
//! clean-government responsibility system and judges them against the
//! rules of its implementation measures.
//!
//! One pipeline, the same for every output: [`Project::open`] reads the
//! files ([`load`]) and checks them across files ([`validate`]);
//! [`Project::judge`] decides, as of a date and for an audience, what each
//! output shows ([`judge`], [`rules`]); a renderer formats a [`Judged`]
//! into a sink ([`render`]), and [`write`] puts a site on disk so that no
//! reader sees half of one. [`diag`] reports problems the way rustc does.

pub mod beneath;
pub mod bundle;
pub mod diag;
pub mod error;
pub mod export;
pub mod history;
pub mod judge;
pub mod load;
pub mod model;
pub mod print;
mod project;
pub mod render;
pub mod rules;
pub mod schemas;
pub mod score;
pub mod serve;
pub mod spanned;
pub mod timing;
pub mod validate;
pub mod write;

pub use error::Error;
pub use judge::{Audience, Judge, Judged};
pub use load::LoadError;
pub use project::{HistoryFrom, Project, resolve_as_of};
pub use validate::Validated;
