fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let src = std::fs::read_to_string(&args[1])?;
    let tgt = std::fs::read_to_string(&args[2])?;
    let report = transdiff::compare(&src, &tgt, &Default::default())?;
    println!("{}", serde_json::to_string_pretty(&report)?);
    Ok(())
}
