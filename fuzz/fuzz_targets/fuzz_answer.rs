//! Bytes → the parent's decoder of a worker's answer: what a compromised worker could send.
//! Whatever the bytes, the decoder answers or refuses; it never panics, never reserves
//! memory from a length the bytes claim, and never keeps a cell a program would not show.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Some(Ok(book)) = digiaste::read::decode_answer(data) {
        let cells: usize = book.sheets.iter().map(|s| s.cells.len()).sum();
        // Every cell costs at least 9 bytes of answer (position and tag).
        assert!(cells * 9 <= data.len());
        for sheet in &book.sheets {
            for &(r, c) in sheet.cells.keys() {
                assert!(r <= 1_048_575 && c <= 16_383, "cell ({r}, {c}) past XFD1048576");
            }
        }
    }
});
