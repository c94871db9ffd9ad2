//! Development timing of the emitter phases: `timing FILE [sort|unsorted|sorted]`.
use std::time::Instant;
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let what = std::env::args().nth(2).unwrap_or_default();
    let data = std::fs::read(path).unwrap();
    let btf = bpfkit_btf::Btf::parse(&data).unwrap();
    let t = Instant::now();
    match what.as_str() {
        "sort" => {
            let v = bpfkit_header::sorted_ids(&btf);
            eprintln!("sorted_ids {:?} {}", t.elapsed(), v.len());
        }
        other => {
            let order = if other == "unsorted" { bpfkit_header::Order::Unsorted } else { bpfkit_header::Order::Sorted };
            let cfg = bpfkit_header::Config::new().order(order);
            bpfkit_header::write_header(&btf, &cfg, std::io::sink()).unwrap();
            eprintln!("{other} emit {:?}", t.elapsed());
        }
    }
}
