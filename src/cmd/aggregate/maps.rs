//! `aggregate --maps DIR`: the round's maps of Finland as SVG and PNG, for reports and
//! slides: `overall.svg`/`.png` (each municipality's overall degree) and one pair per area
//! named by the area id (its degree in that area), with the legend, the attribution and a
//! title in the summary's language.

use std::path::{Path, PathBuf};

use anyhow::Result;
use rayon::prelude::*;

use digiaste::catalog::Catalog;
use digiaste::map::{self, MapSpec};
use digiaste::measures::Group;
use digiaste::output::{self, OutputError, Staged};
use digiaste::round::Round;
use digiaste::texts::t;

/// The width of the PNGs, in pixels (the height follows, about 1.8 times it): sharp on a
/// slide and on an A4 page at 150 dpi.
const PNG_WIDTH: u32 = 1000;

/// The maps to write: the folder and, for each group of measures, its two files.
pub struct Plan {
    dir: PathBuf,
    maps: Vec<(Group, PathBuf, PathBuf)>,
}

impl Plan {
    /// Every file of the plan.
    pub fn paths(&self) -> impl Iterator<Item = &Path> {
        self.maps.iter().flat_map(|(_, svg, png)| [svg.as_path(), png.as_path()])
    }

    /// How many maps (pairs of files).
    pub fn len(&self) -> usize {
        self.maps.len()
    }

    /// The folder, as the user named it.
    pub fn dir(&self) -> String {
        self.dir.display().to_string()
    }
}

/// The maps of `catalog`'s areas and overall in `dir`, checked before anything is written:
/// a file that stands in `dir` without `force`, or anything but a folder at `dir`, fails.
pub fn plan(dir: &Path, catalog: &Catalog, force: bool) -> Result<Plan> {
    if dir.exists() && !dir.is_dir() {
        return Err(OutputError::io(dir, "not a folder").into());
    }
    let maps: Vec<(Group, PathBuf, PathBuf)> = Group::all(catalog)
        .into_iter()
        .map(|group| {
            let stem = match group {
                Group::Overall => "overall",
                Group::Area(a) => &catalog.areas[a].id,
            };
            let file = |ext| dir.join(output::fitted_name(stem, ext));
            (group, file(".svg"), file(".png"))
        })
        .collect();
    let plan = Plan { dir: dir.to_path_buf(), maps };
    output::refuse_existing(plan.paths(), force)?;
    Ok(plan)
}

/// Draws every planned map (in parallel: they are independent) into temporary files beside
/// their targets, for the caller to put in place with the run's other outputs. Each
/// municipality has the degree the summary shows for the group (`Group::measures`); a
/// municipality with no counted return is grey.
pub fn stage(plan: &Plan, round: &Round<'_>, force: bool) -> Result<Vec<Staged>> {
    output::create_dir(&plan.dir)?;
    let lang = round.lang;
    let drawn: Vec<Vec<Staged>> = plan
        .maps
        .par_iter()
        .map(|(group, svg_path, png_path)| {
            let values = round
                .kept
                .iter()
                .map(|k| (k.code.clone(), group.measures(&k.scores).degree))
                .collect();
            let title = match group {
                Group::Overall => t("map_title_overall", lang),
                Group::Area(a) => round.catalog.areas[*a].name.get(lang),
            };
            let spec = MapSpec {
                values: &values,
                lang,
                title: Some(title),
                highlight: None,
                legend: true,
            };
            let png = map::png(&spec, PNG_WIDTH)?;
            let svg = map::svg(&spec, PNG_WIDTH);
            Ok(vec![
                output::stage(svg_path, svg.as_bytes(), force)?,
                output::stage(png_path, &png, force)?,
            ])
        })
        .collect::<Result<_>>()?;
    Ok(drawn.into_iter().flatten().collect())
}
