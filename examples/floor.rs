//! The benchmark's floor: open every workbook of a folder with calamine and visit every
//! cell of every sheet, on one thread. Nothing the tool does can be cheaper than reading
//! the files, so aggregate's time is compared with this.
//!
//!     cargo run --release --example floor -- DIR

use calamine::{Data, Reader, open_workbook_auto};

fn main() {
    let dir = std::env::args().nth(1).expect("usage: floor DIR");
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    let (mut cells, mut workbooks) = (0u64, 0u64);
    for path in files {
        let Ok(mut wb) = open_workbook_auto(&path) else { continue };
        for name in wb.sheet_names() {
            if let Ok(range) = wb.worksheet_range(&name) {
                cells +=
                    range.used_cells().filter(|(_, _, v)| !matches!(v, Data::Empty)).count() as u64;
            }
        }
        workbooks += 1;
    }
    println!("{workbooks} workbooks, {cells} cells");
}
