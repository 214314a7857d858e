//! The import entry point on arbitrary bytes, in every format: the first byte picks the
//! file's extension (the format itself is recognised from the content), the rest is the
//! file. Any outcome but a panic, abort, hang or runaway allocation is fine.

#![no_main]

use enrolgap::{import_bytes, store, ImportOptions, NoProgress};
use libfuzzer_sys::fuzz_target;

const EXTENSIONS: [&str; 8] = ["xlsx", "xls", "xlsb", "ods", "csv", "txt", "xlsm", "et"];

fuzz_target!(
    init: {
        // libfuzzer-sys aborts on any panic, even one the reader catches and turns into
        // a clear refusal of the file; the default hook lets those through, while a panic
        // that escapes import still aborts (libfuzzer-sys catches it at the top).
        let _ = std::panic::take_hook();
    },
    |data: &[u8]| {
        let Some((&first, bytes)) = data.split_first() else { return };
        let file = format!("fuzz.{}", EXTENSIONS[first as usize % EXTENSIONS.len()]);
        let mut conn = store::open_in_memory().expect("an in-memory database");
        let _ = import_bytes(&mut conn, &file, bytes, &ImportOptions::default(), &NoProgress);
    }
);
