//! Entry point of the desktop app; everything lives in the library (`lib.rs`).

// No console window behind the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    enrolgap_app_lib::run();
}
