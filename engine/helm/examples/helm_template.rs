//! `cargo run -p tollgate-helm --example helm_template -- [NAME] CHART [flags]`: prints what
//! `helm template` prints, for comparing with real Helm by hand.

use clap::Parser;
use tollgate_helm::{render, template_output, TemplateArgs};

#[derive(Parser)]
struct Command {
    #[command(flatten)]
    args: TemplateArgs,
}

fn main() {
    let command = Command::parse();
    let result = command.args.to_request().and_then(|request| render(&request).map_err(|error| error.message));
    match result {
        Ok(rendered) => print!("{}", template_output(&rendered)),
        Err(message) => {
            eprintln!("Error: {message}");
            std::process::exit(1);
        }
    }
}
