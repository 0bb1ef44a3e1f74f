//! The `transdiff` command line: a thin layer over the library.

use anyhow::{bail, Context, Result};
use std::path::PathBuf;

const USAGE: &str = "\
transdiff: compare an article with its translation or rewrite

Usage:
  transdiff align [--units lines] SOURCE TARGET
      Print the paragraph alignment as ladder beads, one a line: [source ids]:[target ids]
      (site furniture and empty lines stand alone as deletions or insertions; a moved
      paragraph's bead stands where its source paragraph is)
  transdiff compare [--json|--markdown|--html|--tsv|--tmx] [--units lines] [--source-lang L] [--target-lang L] SOURCE TARGET
      Compare two texts and print the report (JSON by default; --html is a self-contained
      page, --tsv and --tmx hold the aligned pairs)

Options:
  --units lines     every line is one unit (nothing is re-segmented)
  --lexicons DIR    folder of lexicon files (LANG.bin); default: $TRANSDIFF_LEXICONS,
                    else www/lexicons in the current folder or beside the program's repository
  --no-lexicons     align without bilingual lexicons
  --model FILE      sentence encoder model for accurate mode; default: $TRANSDIFF_MODEL, else
                    www/model/use-m3.bin in the current folder or beside the program's repository
                    (built by `make model`); without it the lexical engine works alone
  --fast            leave the sentence encoder out (lexical signals only)
  --time-budget S   stop refining after S seconds and report what was found, with a notice
  -h, --help        this text
";

/// Parsed command line.
struct Args {
    command: String,
    units_lines: bool,
    format: String,
    source_lang: Option<String>,
    target_lang: Option<String>,
    files: Vec<PathBuf>,
    lexicons: Option<PathBuf>,
    no_lexicons: bool,
    model: Option<PathBuf>,
    fast: bool,
    time_budget_ms: Option<f64>,
}

fn parse_args() -> Result<Args> {
    let mut raw = std::env::args().skip(1);
    let mut args = Args {
        command: String::new(),
        units_lines: false,
        format: "json".into(),
        source_lang: None,
        target_lang: None,
        files: vec![],
        lexicons: None,
        no_lexicons: false,
        model: None,
        fast: false,
        time_budget_ms: None,
    };
    while let Some(a) = raw.next() {
        match a.as_str() {
            "-h" | "--help" => {
                print!("{USAGE}");
                std::process::exit(0);
            }
            "--units" => match raw.next().as_deref() {
                Some("lines") => args.units_lines = true,
                Some("auto") => args.units_lines = false,
                other => bail!("--units takes 'lines' or 'auto', not {other:?}"),
            },
            "--lexicons" => args.lexicons = Some(raw.next().context("--lexicons needs a folder")?.into()),
            "--no-lexicons" => args.no_lexicons = true,
            "--model" => args.model = Some(raw.next().context("--model needs a file")?.into()),
            "--fast" => args.fast = true,
            "--time-budget" => {
                let seconds: f64 = raw
                    .next()
                    .context("--time-budget needs seconds")?
                    .parse()
                    .context("--time-budget takes seconds")?;
                args.time_budget_ms = Some(seconds * 1000.0);
            }
            "--json" | "--markdown" | "--html" | "--tsv" | "--tmx" => args.format = a[2..].to_string(),
            "--source-lang" => args.source_lang = Some(raw.next().context("--source-lang needs a language code")?),
            "--target-lang" => args.target_lang = Some(raw.next().context("--target-lang needs a language code")?),
            _ if a.starts_with('-') => bail!("unknown option {a}\n\n{USAGE}"),
            _ if args.command.is_empty() => args.command = a,
            _ => args.files.push(a.into()),
        }
    }
    if args.files.len() != 2 {
        bail!(
            "{} needs two files, SOURCE and TARGET\n\n{USAGE}",
            if args.command.is_empty() { "transdiff" } else { &args.command }
        );
    }
    Ok(args)
}

fn read(path: &PathBuf) -> Result<String> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// The lexicon folder: the option, the environment, or `www/lexicons` found near here.
fn lexicon_dir(args: &Args) -> Option<PathBuf> {
    if args.no_lexicons {
        return None;
    }
    if let Some(dir) = &args.lexicons {
        return Some(dir.clone());
    }
    if let Some(dir) = std::env::var_os("TRANSDIFF_LEXICONS") {
        return Some(dir.into());
    }
    let beside_exe =
        std::env::current_exe().ok().and_then(|exe| exe.ancestors().nth(3).map(|root| root.join("www/lexicons")));
    [Some(PathBuf::from("www/lexicons")), beside_exe].into_iter().flatten().find(|d| d.is_dir())
}

/// The model file: the option, the environment, or `www/model/use-m3.bin` found near here.
fn model_path(args: &Args) -> Option<PathBuf> {
    if let Some(path) = &args.model {
        return Some(path.clone());
    }
    if let Some(path) = std::env::var_os("TRANSDIFF_MODEL") {
        return Some(path.into());
    }
    let beside_exe = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.ancestors().nth(3).map(|root| root.join("www/model/use-m3.bin")));
    [Some(PathBuf::from("www/model/use-m3.bin")), beside_exe].into_iter().flatten().find(|p| p.is_file())
}

/// Loads the lexicons of the given languages that exist in the folder.
fn load_lexicons(dir: Option<&PathBuf>, langs: &[&str]) -> Result<transdiff::Lexicons> {
    let mut set = transdiff::Lexicons::default();
    let Some(dir) = dir else { return Ok(set) };
    for lang in langs {
        let path = dir.join(format!("{lang}.bin"));
        if path.is_file() {
            let bytes = std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
            set.insert(
                transdiff::lexicon::Lexicon::from_bytes(&bytes)
                    .with_context(|| format!("bad lexicon {}", path.display()))?,
            );
        }
    }
    Ok(set)
}

fn main() -> Result<()> {
    let args = parse_args()?;
    let (source, target) = (read(&args.files[0])?, read(&args.files[1])?);
    let language = |text: &str, code: &Option<String>| -> Result<String> {
        Ok(match code {
            Some(c) => transdiff::lang::from_code(c).with_context(|| format!("unknown language code {c:?}"))?.lang,
            None => transdiff::detect_language(text).lang,
        })
    };
    let (source_lang, target_lang) = (language(&source, &args.source_lang)?, language(&target, &args.target_lang)?);
    let mut lexicons = if source_lang == target_lang {
        transdiff::Lexicons::default()
    } else {
        load_lexicons(lexicon_dir(&args).as_ref(), &[&source_lang, &target_lang])?
    };
    let accurate = !args.fast && [&source_lang, &target_lang].iter().all(|l| transdiff::accurate::supports(l));
    if let Some(path) = model_path(&args).filter(|_| accurate) {
        let bytes = std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
        lexicons.set_encoder(
            transdiff::encoder::Encoder::from_bytes(&bytes).with_context(|| format!("bad model {}", path.display()))?,
        );
    }
    let options = transdiff::CompareOptions {
        units: if args.units_lines { transdiff::Units::Lines } else { transdiff::Units::Auto },
        source_lang: args.source_lang,
        target_lang: args.target_lang,
        time_budget_ms: args.time_budget_ms,
        fast: args.fast,
    };
    match args.command.as_str() {
        "align" => {
            for link in transdiff::align_paragraphs(&source, &target, &options, &lexicons)? {
                println!("{}", link.ladder());
            }
        }
        "compare" => {
            let start = std::time::Instant::now();
            let now = || start.elapsed().as_secs_f64() * 1000.0;
            let report = transdiff::compare_timed(&source, &target, &options, &lexicons, &now)?;
            let output = match args.format.as_str() {
                "markdown" => transdiff::export::to_markdown(&report),
                "html" => transdiff::export::to_html(&report),
                "tsv" => transdiff::export::to_tsv(&report),
                "tmx" => transdiff::export::to_tmx(&report),
                _ => serde_json::to_string_pretty(&report)? + "\n",
            };
            print!("{output}");
        }
        other => bail!("unknown command {other:?}\n\n{USAGE}"),
    }
    Ok(())
}
