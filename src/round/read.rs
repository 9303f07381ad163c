//! Reading a round's files with one catalog: the one most returns name.

use std::path::PathBuf;

use crate::check::{Catalogs, Return};

/// Reads every file with one catalog: the one given when there is one, else the catalog
/// most of the returns name (the first on a tie); files made from another catalog are then
/// read with it too (and so get `catalog-mismatch`), as are files that name no catalog. Returns the index of the round's
/// catalog and the returns in the order of `files`.
pub fn read_round(
    files: &[PathBuf],
    catalogs: &Catalogs,
    on_each: &(dyn Fn() + Sync),
) -> (usize, Vec<Return>) {
    let read = catalogs.check_all(files, on_each);
    let mut votes = vec![0usize; catalogs.all().len()];
    read.iter().filter_map(|c| c.named).for_each(|i| votes[i] += 1);
    let chosen = (0..votes.len()).max_by_key(|&i| (votes[i], std::cmp::Reverse(i))).unwrap_or(0);
    let returns = read
        .into_iter()
        .map(|c| match c.catalog() == chosen {
            true => c.ret,
            false => catalogs.check_with(chosen, &c.ret.path),
        })
        .collect();
    (chosen, returns)
}
