//! `tollgate helm template`: renders a chart as `helm template` does, with Helm's flags, and prints
//! what it prints; the scan renders charts with the same renderer (`tollgate-helm`).

use tollgate_helm::{render, template_output, TemplateArgs};

/// Helm exits 1 when a chart does not render; so does this command (after `Error: ` and Helm's message).
pub const EXIT_RENDER_FAILED: u8 = 1;

pub fn template(args: &TemplateArgs) -> Result<u8, String> {
    let request = args.to_request()?;
    match render(&request) {
        Ok(rendered) => {
            print!("{}", template_output(&rendered));
            for warning in &rendered.warnings {
                eprintln!("warning: {warning}");
            }
            Ok(crate::EXIT_PASS)
        }
        Err(error) => {
            eprintln!("Error: {}", error.message);
            Ok(EXIT_RENDER_FAILED)
        }
    }
}
