//! `digiaste serve`: the intake server, until SIGTERM or SIGINT.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Result;

use digiaste::serve::http::{Options, Server};
use digiaste::serve::intake::App;

use super::console::{tell, tell_counted};
use super::inputs::{load_catalogs, load_round};

#[derive(clap::Args)]
pub struct Args {
    /// The inbox: every accepted send is written here (created if missing).
    #[arg(long, value_name = "DIR")]
    inbox: PathBuf,
    /// The state folder: the links' secret key and the ledger (created if missing, mode 0700).
    #[arg(long, value_name = "DIR")]
    state: PathBuf,
    /// The address to listen on (port 0: any free port, named on standard error).
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:8080")]
    listen: String,
    /// The round file (docs/round.md): its name and deadline on the pages; the links are
    /// for it (give `links` the same).
    #[arg(long, value_name = "ROUND.toml")]
    round: Option<PathBuf>,
    /// A built-in catalog's id, or a catalog file (TOML) [default: the built-in catalog each
    /// return names].
    #[arg(short, long, value_name = "CATALOG")]
    catalog: Option<PathBuf>,
    /// The largest upload, in megabytes (a larger one is answered 413).
    #[arg(long, value_name = "MB", default_value_t = 20)]
    max_body_mb: usize,
    /// How many checks and sends at once (more are answered 503 with Retry-After).
    #[arg(long, value_name = "N", default_value_t = 16)]
    max_concurrent: usize,
    /// Last round's returns (a folder, e.g. last year's inbox): each municipality's
    /// workbook on its page comes prefilled with its answers there, chosen by the same
    /// rule as `aggregate` (the latest valid return).
    #[arg(long, value_name = "DIR")]
    last_round: Option<PathBuf>,
    /// Seconds a client may take to send its file (then 408).
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    upload_timeout: u64,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let catalogs = load_catalogs(args.catalog.as_deref())?;
    let round = load_round(args.round.as_deref())?;
    let (mut app, reconciled) = App::open(&args.inbox, &args.state, round, catalogs)?;
    if let Some(dir) = &args.last_round {
        let n = app.with_last_round(dir)?;
        tell_counted("count_serve_prefilled", n, &[("dir", &dir.display().to_string())]);
    }
    let inbox = args.inbox.display().to_string();
    if !reconciled.recovered.is_empty() {
        tell_counted("count_serve_recovered", reconciled.recovered.len(), &[("dir", &inbox)]);
    }
    for name in &reconciled.gone {
        tell("serve_file_gone", &[("dir", &inbox), ("file", name)]);
    }
    let options = Options {
        listen: args.listen.clone(),
        max_body: args.max_body_mb.saturating_mul(1 << 20),
        max_concurrent: args.max_concurrent,
        upload_timeout: Duration::from_secs(args.upload_timeout.max(1)),
    };
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async {
        let server = Server::bind(app, &options).await?;
        let address = server.local_addr().map_or(args.listen.clone(), |a| a.to_string());
        tell("serve_listening", &[("address", &format!("http://{address}"))]);
        server.run().await?;
        tell("serve_stopped", &[]);
        Ok::<_, anyhow::Error>(())
    })?;
    Ok(ExitCode::SUCCESS)
}
