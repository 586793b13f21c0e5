//! Urgent signs: the disclaimer on every page sends readers with signs of
//! an emergency to the emergency number, which differs by country, so a
//! guide says its own in `emergency`.

use crate::diagnostic::{Diagnostic, SourceFile};
use crate::model::{DEFAULT_EMERGENCY, EMERGENCY_PLACEHOLDER, GuideConfig};
use crate::toml_doc::{Seg, TomlRegion};

pub fn check(config: &GuideConfig, config_file: &SourceFile) -> Vec<Diagnostic> {
    let region = TomlRegion::new(config_file.clone(), 0..config_file.text.len());
    let mut out = Vec::new();
    match &config.emergency {
        None => {
            let span = if region.has(&[Seg::Key("disclaimer")]) {
                region.key_span_of(&[Seg::Key("disclaimer")])
            } else {
                region.start_span()
            };
            out.push(
                Diagnostic::warning("W0010", "the guide does not say which number to call in an emergency")
                    .at(config_file, span)
                    .label(format!("the pages say \"{DEFAULT_EMERGENCY}\" for urgent signs"))
                    .help("write the emergency number of the guide's readers in guide.toml, e.g. emergency = \"999\" (UK), \"112\" (EU) or \"911\" (US and Canada)"),
            );
        }
        Some(_) => {
            if let Some(own) = &config.disclaimer
                && !own.contains(EMERGENCY_PLACEHOLDER)
            {
                out.push(
                    Diagnostic::warning("W0013", "the disclaimer does not say the emergency number")
                        .at(config_file, region.span_of(&[Seg::Key("disclaimer")]))
                        .label(format!("no {EMERGENCY_PLACEHOLDER} here"))
                        .help(format!("write {EMERGENCY_PLACEHOLDER} where the number belongs, e.g. \"**Call {EMERGENCY_PLACEHOLDER} now** if you have …\": every page then says the number set in `emergency`")),
                );
            }
        }
    }
    out
}
