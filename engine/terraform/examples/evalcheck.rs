use std::collections::BTreeMap;
use std::io::BufRead;
fn main() {
    for line in std::io::stdin().lock().lines() {
        let line = line.unwrap();
        match tollgate_terraform::evaluate_expression(&line, &BTreeMap::new()) {
            Ok(v) => println!("{}", v.to_json()),
            Err(e) => println!("ERROR {}", e.lines().next().unwrap_or("")),
        }
    }
}
