//! `digiaste links`: each municipality's private link to the intake server, for the mail
//! merge, and the ministry's own.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

use digiaste::output;
use digiaste::register::Register;
use digiaste::serve::{self, Holder, Links, keys};

use super::console::{print, tell_counted};
use super::inputs::{load_catalog, load_round};

#[derive(clap::Args)]
#[command(group(clap::ArgGroup::new("who").required(true).args(["municipality", "all_municipalities", "admin"])))]
pub struct Args {
    /// The server's state folder: the secret key is made there on first use (mode 0600);
    /// replacing it revokes every link.
    #[arg(long, value_name = "DIR")]
    state: PathBuf,
    /// The address the server is reached at, e.g. https://itsearviointi.example.fi.
    #[arg(long, value_name = "URL")]
    base_url: String,
    /// The municipalities to write links for, by code.
    #[arg(long, value_name = "CODE", num_args = 1..)]
    municipality: Vec<String>,
    /// Links for all 308 municipalities of the register.
    #[arg(long)]
    all_municipalities: bool,
    /// Print the ministry's link (the admin page) instead.
    #[arg(long, conflicts_with_all = ["municipality", "all_municipalities", "output"])]
    admin: bool,
    /// The table to write (code,name,url).
    #[arg(short, long, value_name = "links.csv", required_unless_present = "admin")]
    output: Option<PathBuf>,
    /// The round file (docs/round.md): links are for one round; give `serve` the same.
    #[arg(long, value_name = "ROUND.toml")]
    round: Option<PathBuf>,
    /// The catalog, when no round file is given (the links are for its id and version);
    /// give `serve` the same.
    #[arg(short, long, value_name = "CATALOG")]
    catalog: Option<PathBuf>,
    /// Replace an existing table.
    #[arg(long)]
    force: bool,
}

pub fn run(args: Args) -> Result<ExitCode> {
    keys::check_base_url(&args.base_url)?;
    let round = load_round(args.round.as_deref())?;
    let catalog = load_catalog(args.catalog.as_deref())?;
    if let Some(out) = &args.output {
        output::check_writable(out, args.force)?;
    }
    let links = Links::open(&args.state, keys::round_id(round.as_ref(), &catalog))?;
    if args.admin {
        print(&format!("{}\n", keys::link(&args.base_url, &Holder::Admin, &links)))?;
        return Ok(ExitCode::SUCCESS);
    }
    let codes: Vec<String> = match args.all_municipalities {
        true => Register::embedded().municipalities.iter().map(|m| m.code.clone()).collect(),
        false => args.municipality.clone(),
    };
    let table = serve::links_csv(&links, &args.base_url, &codes)?;
    let out = args.output.as_ref().expect("required without --admin");
    output::write_atomic(out, table.as_bytes(), args.force)?;
    tell_counted("count_links_written", codes.len(), &[("file", &out.display().to_string())]);
    Ok(ExitCode::SUCCESS)
}
