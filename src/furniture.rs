//! Site furniture told apart from content: ad markers, "Read more" and "Related articles"
//! lines, share and subscribe prompts, photo credits and bylines, repeated captions and
//! search-keyword spam dragged along by copy and paste.
//!
//! Each paragraph is judged on its own page only; the strength says how furniture-like it
//! looks. The engine combines it with "has no counterpart on the other side": a furniture-like
//! line that is matched on the other side is content.

use crate::text::{fold, tokenize, Token, TokenKind};
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// Why a paragraph looks like site furniture, and how strongly.
#[derive(Debug, Clone, PartialEq)]
pub struct Cue {
    /// The cue that fired, in plain words (`short call to action ('Read more')`).
    pub reason: String,
    /// How furniture-like the paragraph is on its own, 0 to 1.
    pub strength: f32,
}

/// Furniture cues for the paragraphs of one side (`lang` is its ISO 639-3 code or `und`),
/// one entry per paragraph: `None` when nothing furniture-like was seen.
///
/// Cues combined: few words, no sentence-final punctuation, Title Case or all lowercase,
/// a call-to-action verb first, the share of words from a small multilingual vocabulary of
/// furniture words, a label before a headline (`Lesen Sie auch: ...`), photo credits and
/// bylines, links, copyright lines, keyword-stuffed lowercase lines, and the same line
/// appearing more than once on the page.
pub fn furniture_cues(paragraphs: &[&str], lang: &str) -> Vec<Option<Cue>> {
    let lines: Vec<Line> = paragraphs.iter().map(|p| Line::new(p, lang)).collect();
    let repeats = repetitions(&lines);
    let last = lines.len().saturating_sub(1);
    lines.iter().enumerate().map(|(i, line)| line.cue(repeats[i], lines.len() >= 3 && (i == 0 || i == last))).collect()
}

/// Kinds of furniture words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Advertising markers.
    Ad,
    /// Call-to-action verbs (read, share, subscribe, click...).
    Action,
    /// Navigation words (more, related, also, top...).
    Navigation,
    /// Photo credits and sources (photo, Reuters, ©...).
    Credit,
    /// Social networks and newsletters.
    Social,
    /// Words of subscription offers (daily, briefing, inbox...).
    Offer,
    /// Publication and update times (updated, published, ago...).
    Dateline,
}

impl Kind {
    fn weight(self) -> f32 {
        match self {
            Kind::Ad | Kind::Action | Kind::Credit | Kind::Social | Kind::Dateline => 1.0,
            Kind::Offer => 0.7,
            Kind::Navigation => 0.5,
        }
    }
}

/// Furniture words by kind, space separated; a trailing `*` matches any ending.
/// Matching is on folded forms (`publicité` = `publicite`) within the same script.
const VOCABULARY: &[(Kind, &str)] = &[
    (
        Kind::Ad,
        "advertisement advertisements advertising publicity advert adverts ad ads sponsored sponsor* promoted anzeige anzeigen werbung \
         werbe* gesponsert publicité publicitaire sponsorisé annonce publicidad anuncio anuncios patrocinado patrocinad* \
         pubblicità pubblicitari* sponsorizzat* publicidade anúncio реклама рекламн* спонсор* إعلان اعلان إعلانات اعلانات \
         ممول reklam reklamı sponsorlu advertentie advertenties gesponsord reclame reklama sponsorowan* ogłoszenie",
    ),
    (
        Kind::Action,
        "read reading continue continues click tap share subscribe subscri* sign follow join download watch listen register \
         login scroll swipe bookmark print comment lesen lies liest weiterlesen teilen teile abonnieren abonniere abonn* \
         folgen folge folgt klicken klick* anmelden registrieren herunterladen ansehen lire lisez partager partagez partag* \
         suivez suivre cliquez cliquer inscrivez inscri* téléchargez regarder leer lea lee compartir comparte compart* \
         síguenos sigue seguir suscríbete suscrib* haz clic pulse descarga leggi leggere condividi condividere seguici segui \
         iscriviti iscriv* scarica guarda ler leia compartilhe compartilhar siga inscreva* baixe assista читайте читать \
         прочитать поделиться поделитесь подписывайтесь подпишитесь подпис* следите нажмите скачать смотрите اقرأ إقرأ \
         اقرا قراءة شارك شاركوا مشاركة اشترك اشتركوا تابع* اضغط انقر حمل شاهد oku okuyun paylaş paylaşın takip abone tıkla \
         tıklayın indir izle lees lezen deel delen volg volgen abonneer klik bekijk czytaj przeczytaj udostępnij obserwuj \
         subskrybuj kliknij zapisz pobierz zobacz",
    ),
    (
        Kind::Navigation,
        "more related also see top back next previous prev below above home menu story stories article articles recommended \
         popular trending latest topics tags here news comments mehr thema themen auch zurück oben unten weitere weiterer \
         artikel empfohlen nachrichten aussi plus voir haut dessous suite sujet également actualités más también \
         relacionad* ver arriba abajo noticias nota altro altri anche correlat* vedi sotto notizie mais também veja topo \
         abaixo matéria notícias также ещё еще теме наверх далее подробнее ниже новости أيضا ايضا المزيد مزيد صلة أدناه \
         أخبار اخبار daha ayrıca fazla ilgili başa aşağı haber* meer ook gerelateerd terug boven verder onder nieuws \
         więcej także też powiązane góry poniżej wiadomości",
    ),
    (
        Kind::Credit,
        "photo photos photograph photographer image images picture pictures pic credit credits getty reuters ap afp dpa \
         epa ansa efe xinhua shutterstock istock alamy imago copyright foto fotos bild bilder bildquelle quelle crédit \
         crédits reporting editing contributed fotografía imagen imágenes fuente immagine immagini fonte créditos фото фотография источник صورة الصورة \
         مصدر fotoğraf kaynak görsel beeld bron zdjęcie zdjęcia źródło caption illustration grafik",
    ),
    (
        Kind::Social,
        "facebook twitter instagram whatsapp telegram linkedin youtube tiktok pinterest reddit rss newsletter newsletters \
         e-mail email mail tweet نشرة بريد* фейсбук твиттер телеграм вконтакте فيسبوك فيس تويتر انستغرام يوتيوب تلغرام واتساب",
    ),
    (
        Kind::Offer,
        "briefing inbox daily weekly updates alerts notifications account premium subscribers offer trial free exclusive \
         kostenlos gratis gratuit gratuitement gratuito бесплатно مجانا ücretsiz darmowy",
    ),
    (
        Kind::Dateline,
        "updated published posted ago aktualisiert veröffentlicht publié actualizado publicado aggiornato pubblicato \
         atualizado обновлено опубликовано تحديث نشر güncellendi güncelleme yayınlandı bijgewerkt gepubliceerd \
         zaktualizowano opublikowano",
    ),
];

/// Furniture words in CJK scripts, matched as substrings (the scripts do not separate words).
const CJK_VOCABULARY: &[(Kind, &str)] = &[
    (Kind::Ad, "广告 廣告 推广 赞助 広告 スポンサー"),
    (
        Kind::Action,
        "阅读 閱讀 分享 订阅 訂閱 关注 關注 点击 點擊 查看 下载 扫码 読む 見る シェア フォロー 購読 登録 クリック",
    ),
    (Kind::Navigation, "更多 相关 相關 推荐 返回 顶部 延伸 原文 新闻 新聞 続き 関連 記事 もっと トップ 戻る"),
    (Kind::Dateline, "发布 發布 更新 更新日 配信"),
    (Kind::Credit, "图片 圖片 来源 來源 摄影 攝影 责任编辑 原标题 新华社 路透 美联社 写真 提供 出典 ロイター 共同通信"),
    (Kind::Social, "微信 微博 公众号 二维码"),
];

/// Function words of the supported languages, folded: neither content nor furniture.
const FUNCTION_WORDS: &str = "the a an of to and or in on at for with our your you us we this that it is are be by from as \
     my me i now up out its all he she they not was were has have had er ich du nie nicht kein il elle ne der die das den dem des ein eine einer einem und oder zu zum zur im am an auf für mit von \
     vom uns unser unseren ihr sie es ist sind wir jetzt bei le la les l un une des de du d et ou a au aux en sur pour avec \
     par nous notre nos vous votre ici el los las una del y o al por para con nuestro nuestra nos su aqui il lo gli di \
     della e ci nostro qui os as um uma do da em no na com nosso nossa aqui и в на с к по о для не мы наш нас вы это \
     في على من إلى الى و عن مع لنا نحن هنا ve bir bu için ile de da bizi bize het een op voor met van ons onze u je w z do \
     dla nas nasz się";

/// Words of keyword spam (shopping and download queries), folded.
const SPAM_WORDS: &str =
    "best cheap cheapest deal deals buy price prices free online discount coupon coupons review reviews \
     top vs near download sale kaufen gunstig billig vergleich angebot gratis pas cher meilleur acheter barato mejor \
     comprar oferta migliore prezzo offerta kupit deshevo tsena skachat ucuz satin fiyat najlepszy tanio cena";

/// Words that open a byline (`By Jane Doe`, `Von Max Muster`).
const BYLINE_WORDS: &[&str] = &["by", "von", "par", "por", "di", "door", "przez", "автор", "بقلم", "yazan"];

/// Script families, so that folded words of one script never match another's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Script {
    Latin,
    Greek,
    Cyrillic,
    Arabic,
    Other,
}

fn script_of(c: char) -> Script {
    match c as u32 {
        0..=0x24F | 0x1E00..=0x1EFF => Script::Latin,
        0x370..=0x3FF => Script::Greek,
        0x400..=0x52F => Script::Cyrillic,
        0x600..=0x6FF | 0x750..=0x77F => Script::Arabic,
        _ => Script::Other,
    }
}

/// The vocabulary ready for matching: exact words and prefixes by script and folded form.
struct Lexicon {
    exact: HashMap<(Script, String), Kind>,
    prefixes: Vec<(Script, String, Kind)>,
    function_words: HashSet<String>,
    spam_words: HashSet<String>,
}

fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(|| {
        let mut exact = HashMap::new();
        let mut prefixes = Vec::new();
        for (kind, words) in VOCABULARY {
            for word in words.split_whitespace() {
                let script = script_of(word.chars().next().unwrap_or('a'));
                match word.strip_suffix('*') {
                    Some(stem) => prefixes.push((script, fold(stem), *kind)),
                    None => {
                        exact.entry((script, fold(word))).or_insert(*kind);
                    }
                }
            }
        }
        let set = |words: &str| words.split_whitespace().map(fold).collect();
        Lexicon { exact, prefixes, function_words: set(FUNCTION_WORDS), spam_words: set(SPAM_WORDS) }
    })
}

impl Lexicon {
    /// The furniture kind of a word token (Arabic clitics `و` `ف` `ال` `لل` `ب` `ل` tried off).
    fn kind_of(&self, raw: &str, folded: &str) -> Option<Kind> {
        let script = script_of(raw.chars().next()?);
        let lookup = |f: &str| {
            self.exact.get(&(script, f.to_string())).copied().or_else(|| {
                self.prefixes.iter().find(|(s, stem, _)| *s == script && f.starts_with(stem.as_str())).map(|p| p.2)
            })
        };
        lookup(folded).or_else(|| {
            (script == Script::Arabic)
                .then(|| strip_arabic_clitics(raw))
                .filter(|stem| stem.chars().count() >= 3 && stem.len() < raw.len())
                .and_then(|stem| lookup(&fold(stem)))
        })
    }

    fn is_function_word(&self, folded: &str) -> bool {
        self.function_words.contains(folded)
    }
}

fn strip_arabic_clitics(word: &str) -> &str {
    let word = word.strip_prefix(['و', 'ف']).unwrap_or(word);
    ["ال", "لل", "ب", "ل"].iter().find_map(|p| word.strip_prefix(p)).unwrap_or(word)
}

/// How a paragraph repeats on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Repeat {
    Unique,
    /// The first of several (near-)identical lines.
    First,
    /// A later copy of an earlier line.
    Later,
}

/// What the scoring needs to know about one paragraph.
struct Line<'a> {
    text: &'a str,
    /// Folded words and numbers (ideographs one by one), for repetition; empty past 40.
    keys: Vec<String>,
    /// Words, counting two CJK characters as one.
    words: usize,
    /// Weighted furniture words, and the kinds seen.
    furniture: f32,
    kinds: Vec<Kind>,
    /// Words that are neither furniture nor function words (numbers count half).
    content: f32,
    function_words: usize,
    ends_sentence: bool,
    /// Title Case, ALL CAPS or all lowercase (not judged in German, which capitalises nouns).
    case_pattern: bool,
    all_lowercase: bool,
    /// A call-to-action verb opens (or, in verb-final languages, closes) the line.
    imperative: bool,
    /// Furniture words then `:` (or `|`, `»`...) then a headline: `Lesen Sie auch: ...`.
    label: Option<&'a str>,
    credit: bool,
    byline: bool,
    link: bool,
    copyright: bool,
    spam_words: usize,
    numbers: usize,
    punctuation: bool,
}

impl<'a> Line<'a> {
    fn new(paragraph: &'a str, lang: &str) -> Self {
        let lexicon = lexicon();
        let text = paragraph.trim();
        let tokens = tokenize(text);
        let mut line = Line {
            text,
            keys: if tokens.len() <= 40 { tokens.iter().map(|t| t.folded.clone()).collect() } else { Vec::new() },
            words: 0,
            furniture: 0.0,
            kinds: Vec::new(),
            content: 0.0,
            function_words: 0,
            ends_sentence: text
                .trim_end_matches(is_closing)
                .ends_with(['.', '!', '?', '…', '。', '！', '？', '؟', '۔', '।']),
            case_pattern: false,
            all_lowercase: false,
            imperative: false,
            label: None,
            credit: false,
            byline: false,
            link: text.contains("http") || text.contains("www.") || text.split_whitespace().any(looks_like_domain),
            copyright: text.contains('©') || text.to_lowercase().contains("all rights reserved"),
            spam_words: 0,
            numbers: 0,
            punctuation: text
                .chars()
                .any(|c| c.is_ascii_punctuation() && c != '-' || matches!(c, '،' | '؟' | '。' | '，')),
        };
        let words: Vec<&Token> = tokens.iter().filter(|t| t.kind != TokenKind::Ideograph).collect();
        let ideographs = tokens.len() - words.len();
        line.words = words.len() + ideographs.div_ceil(2);
        let last_word = words.len().saturating_sub(1);
        for (i, token) in words.iter().enumerate().take(80) {
            let raw = &text[token.start..token.end];
            if token.kind == TokenKind::Number {
                line.numbers += 1;
                line.content += 0.5;
                continue;
            }
            if lexicon.spam_words.contains(&token.folded) {
                line.spam_words += 1;
            }
            match lexicon.kind_of(raw, &token.folded) {
                Some(kind) => {
                    // Imperatives come first, or last in verb-final languages (`Bu haberi paylaşın`).
                    let imperative = kind == Kind::Action && (i == 0 || i == last_word);
                    line.furniture += if kind == Kind::Action && !imperative { 0.6 } else { kind.weight() };
                    line.kinds.push(kind);
                    line.imperative |= imperative;
                }
                None if lexicon.is_function_word(&token.folded) => line.function_words += 1,
                None => line.content += 1.0,
            }
        }
        line.add_cjk_words(ideographs);
        line.case(&words, lang);
        line.label = label(text, lexicon);
        line.credit = is_credit(text, &line.kinds);
        line.byline = is_byline(text, &words, line.ends_sentence);
        line
    }

    /// Counts CJK furniture words (substring matches) and the rest as content.
    fn add_cjk_words(&mut self, ideographs: usize) {
        if ideographs == 0 {
            return;
        }
        let mut covered = 0;
        for (kind, words) in CJK_VOCABULARY {
            for word in words.split_whitespace().filter(|w| self.text.contains(w)) {
                self.furniture += kind.weight();
                self.kinds.push(*kind);
                covered += word.chars().count();
            }
        }
        self.content += ideographs.saturating_sub(covered) as f32 / 2.0;
    }

    fn case(&mut self, words: &[&Token], lang: &str) {
        let cased: Vec<&str> = words
            .iter()
            .filter(|t| t.kind == TokenKind::Word)
            .map(|t| &self.text[t.start..t.end])
            .filter(|w| w.chars().any(|c| c.is_lowercase() || c.is_uppercase()))
            .collect();
        if cased.is_empty() {
            return;
        }
        let lowercase = cased.iter().all(|w| !w.chars().any(char::is_uppercase));
        let all_caps = cased.iter().all(|w| !w.chars().any(char::is_lowercase))
            && cased.iter().map(|w| w.len()).sum::<usize>() > 3;
        let title = cased.len() >= 2
            && cased
                .iter()
                .filter(|w| w.chars().count() >= 4)
                .all(|w| w.chars().next().is_some_and(char::is_uppercase));
        self.all_lowercase = lowercase;
        self.case_pattern = lowercase || all_caps || (title && lang != "deu");
    }

    /// Share of furniture words among the meaningful words, times their presence (0 to 1).
    fn lexical(&self) -> f32 {
        if self.furniture == 0.0 {
            return 0.0;
        }
        let purity = self.furniture / (self.furniture + self.content);
        let score = self.furniture.min(1.0) * purity;
        if self.ends_sentence && self.content >= 1.0 {
            score * 0.6
        } else {
            score
        }
    }

    /// Keyword spam: a lowercase run of words with no punctuation and no function words,
    /// with shopping words or numbers (`best vpn deals 2024 cheap`).
    fn spam(&self) -> f32 {
        if !self.all_lowercase || self.punctuation || !(3..=12).contains(&self.words) {
            return 0.0;
        }
        let mut score = 0.35;
        if self.function_words == 0 {
            score += 0.1;
        }
        if self.spam_words > 0 || self.numbers > 0 {
            score += 0.25;
        }
        if self.spam_words > 1 {
            score += 0.1;
        }
        score
    }

    fn cue(&self, repeat: Repeat, at_edge: bool) -> Option<Cue> {
        if self.words == 0 {
            return None;
        }
        let shortness = match self.words {
            1..=3 => 1.0,
            4..=8 => 0.8,
            9..=15 => 0.5,
            16..=25 => 0.2,
            _ => 0.0,
        };
        let lexical = self.lexical();
        let mut reasons: Vec<(f32, String)> = Vec::new();
        let mut strength =
            0.2 * shortness + if self.ends_sentence { 0.0 } else { 0.08 } + if self.case_pattern { 0.05 } else { 0.0 };
        strength += 0.55 * lexical;
        if lexical > 0.0 {
            reasons.push((0.55 * lexical, self.vocabulary_reason()));
        }
        let mut add = |amount: f32, reason: String| {
            strength += amount;
            reasons.push((amount, reason));
        };
        let quoted = self.quoted();
        let bare_prompt = self.content == 0.0 || (!self.ends_sentence && self.content < 2.0);
        if self.imperative && bare_prompt {
            add(0.1, format!("starts with a call to action ('{quoted}')"));
        }
        if let Some(label) = self.label {
            add(0.3, format!("label before a headline ('{label}')"));
        }
        if self.credit {
            add(0.35, format!("photo credit ('{quoted}')"));
        }
        if self.byline {
            add(0.5, format!("byline ('{quoted}')"));
        }
        if self.link && self.words <= 12 {
            add(0.35, format!("link to another page ('{quoted}')"));
        }
        if self.copyright {
            add(0.45, format!("copyright line ('{quoted}')"));
        }
        if self.words <= 40 {
            match repeat {
                Repeat::Later => add(0.45, "repeats an earlier line of the page (caption or headline)".into()),
                Repeat::First => add(0.25, "appears more than once on the page (caption or headline)".into()),
                Repeat::Unique => {}
            }
        }
        if at_edge && strength >= 0.3 {
            strength += 0.05;
        }
        let spam = self.spam();
        if spam > strength {
            strength = spam;
            reasons.push((1.0, format!("search keywords pasted between paragraphs ('{quoted}')")));
        }
        if self.words > 30 {
            strength = strength.min(0.3);
        }
        let strength = strength.clamp(0.0, 1.0);
        let reason = reasons.into_iter().max_by(|a, b| a.0.total_cmp(&b.0))?.1;
        (strength >= 0.2).then_some(Cue { reason, strength })
    }

    fn vocabulary_reason(&self) -> String {
        let quoted = self.quoted();
        let has = |k: Kind| self.kinds.contains(&k);
        if has(Kind::Ad) {
            format!("advertising marker ('{quoted}')")
        } else if has(Kind::Social) || has(Kind::Offer) {
            format!("share or subscribe prompt ('{quoted}')")
        } else if has(Kind::Action) {
            format!("short call to action ('{quoted}')")
        } else if has(Kind::Credit) {
            format!("photo credit or source line ('{quoted}')")
        } else if has(Kind::Dateline) {
            format!("publication date line ('{quoted}')")
        } else {
            format!("navigation line ('{quoted}')")
        }
    }

    /// The paragraph, cut to 40 characters, for reasons.
    fn quoted(&self) -> String {
        let mut chars = self.text.chars();
        let head: String = chars.by_ref().take(40).collect();
        if chars.next().is_some() {
            format!("{head}…")
        } else {
            head
        }
    }
}

fn is_closing(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | '»' | '«' | ')' | ']' | '」' | '）')
}

/// `example.com`, `bit.ly/x`: a dot inside a word followed by 2-6 letters.
fn looks_like_domain(word: &str) -> bool {
    let word = word.trim_end_matches(|c: char| !c.is_alphanumeric());
    word.rsplit_once('.').is_some_and(|(name, tld)| {
        let tld = tld.split('/').next().unwrap_or("");
        !name.is_empty() && (2..=6).contains(&tld.len()) && tld.chars().all(|c| c.is_ascii_lowercase())
    })
}

/// A label of one to four furniture or function words before a separator and a headline,
/// with at least one furniture word: `Lesen Sie auch: ...`, `Read more | ...`.
fn label<'a>(text: &'a str, lexicon: &Lexicon) -> Option<&'a str> {
    let (at, sep) = text
        .char_indices()
        .take(48)
        .find(|&(_, c)| matches!(c, ':' | '：' | '|' | '»' | '›' | '>' | '→' | '—' | '–'))?;
    let head = text[..at].trim();
    let rest = text[at + sep.len_utf8()..].trim();
    if head.is_empty() || rest.is_empty() {
        return None;
    }
    let tokens = tokenize(head);
    let mut furniture = 0;
    for t in tokens.iter().filter(|t| t.kind != TokenKind::Ideograph) {
        match lexicon.kind_of(&head[t.start..t.end], &t.folded) {
            Some(_) => furniture += 1,
            None if lexicon.is_function_word(&t.folded) => {}
            None => return None,
        }
    }
    let cjk = CJK_VOCABULARY.iter().any(|(_, words)| words.split_whitespace().any(|w| head.contains(w)));
    ((furniture > 0 && tokens.len() <= 4) || (cjk && head.chars().count() <= 8)).then(|| &text[..at + sep.len_utf8()])
}

/// A credit word right before `:` or `/`, or a credit inside brackets: `Photo: Reuters`,
/// `(AP Photo/Evan Vucci)`, `Foto: dpa`.
fn is_credit(text: &str, kinds: &[Kind]) -> bool {
    if !kinds.contains(&Kind::Credit) {
        return false;
    }
    let lexicon = lexicon();
    let bracketed = text.starts_with(['(', '[']) && text.ends_with([')', ']']);
    bracketed
        || tokenize(text).iter().any(|t| {
            let next = text[t.end..].trim_start().chars().next();
            matches!(next, Some(':' | '/' | '：'))
                && lexicon.kind_of(&text[t.start..t.end], &t.folded) == Some(Kind::Credit)
        })
}

/// `By Jane Doe`: a byline word and one to four capitalised names, no sentence end.
fn is_byline(text: &str, words: &[&Token], ends_sentence: bool) -> bool {
    let Some((first, names)) = words.split_first() else {
        return false;
    };
    !ends_sentence
        && (1..=4).contains(&names.len())
        && BYLINE_WORDS.contains(&text[first.start..first.end].to_lowercase().as_str())
        && names.iter().all(|t| t.capitalized || !text[t.start..t.end].chars().any(char::is_lowercase))
}

/// Which paragraphs repeat on the page: the same folded words, or (for 3 to 40 words) nine
/// in ten of the same words. Near-duplicates are looked for among the first 300 short lines.
fn repetitions(lines: &[Line]) -> Vec<Repeat> {
    let mut out = vec![Repeat::Unique; lines.len()];
    let mut seen: HashMap<&[String], usize> = HashMap::new();
    for (i, line) in lines.iter().enumerate() {
        if line.keys.is_empty() {
            continue;
        }
        match seen.get(line.keys.as_slice()) {
            Some(&first) => {
                out[first] = Repeat::First;
                out[i] = Repeat::Later;
            }
            None => {
                seen.insert(&line.keys, i);
            }
        }
    }
    let short: Vec<(usize, HashSet<&str>)> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| (3..=40).contains(&l.keys.len()))
        .take(300)
        .map(|(i, l)| (i, l.keys.iter().map(String::as_str).collect()))
        .collect();
    for (a, (i, set_a)) in short.iter().enumerate() {
        for (j, set_b) in &short[a + 1..] {
            let shared = set_a.intersection(set_b).count();
            let union = set_a.len() + set_b.len() - shared;
            if out[*j] == Repeat::Unique && shared * 10 >= union * 8 {
                if out[*i] == Repeat::Unique {
                    out[*i] = Repeat::First;
                }
                out[*j] = Repeat::Later;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strength(line: &str, lang: &str) -> f32 {
        furniture_cues(&[line], lang)[0].as_ref().map_or(0.0, |c| c.strength)
    }

    #[test]
    fn furniture_in_many_languages_is_strong() {
        let cases = [
            ("Continue reading below", "eng"),
            ("Story continues after this ad", "eng"),
            ("Share this article", "eng"),
            ("Sign up for our daily briefing", "eng"),
            ("Click here to continue", "eng"),
            ("Back to top", "eng"),
            ("Photo: Reuters", "eng"),
            ("(AP Photo/Evan Vucci)", "eng"),
            ("By Jane Doe", "eng"),
            ("Werbung", "deu"),
            ("Lesen Sie auch: Die Wahl in Berlin", "deu"),
            ("Mehr zum Thema", "deu"),
            ("Partagez sur Facebook", "fra"),
            ("Lire aussi : la réforme des retraites", "fra"),
            ("Publicité", "fra"),
            ("Síguenos en Twitter", "spa"),
            ("Publicidad", "spa"),
            ("Leggi anche", "ita"),
            ("Compartilhe no WhatsApp", "por"),
            ("Читайте также", "rus"),
            ("Реклама", "rus"),
            ("تابعونا على تويتر", "ara"),
            ("إعلان", "ara"),
            ("اقرأ أيضا", "ara"),
            ("Reklam", "tur"),
            ("阅读更多", "cmn"),
            ("广告", "cmn"),
            ("関連記事", "jpn"),
            ("Lees ook", "nld"),
            ("Czytaj także", "pol"),
            ("© 2024 Example Media. All rights reserved.", "eng"),
        ];
        for (line, lang) in cases {
            let s = strength(line, lang);
            assert!(s >= 0.6, "{line:?} ({lang}) got {s}");
        }
    }

    #[test]
    fn real_short_content_is_weak() {
        let cases = [
            ("The minister resigned on Tuesday.", "eng"),
            ("Er kam nie zurück.", "deu"),
            ("Article 5.", "eng"),
            ("Introduction", "eng"),
            ("Share prices fell sharply on Monday.", "eng"),
            ("He read the letter twice.", "eng"),
            ("Facebook shares fell after the report.", "eng"),
            ("Il est parti sans rien dire.", "fra"),
            ("Он вернулся домой поздно вечером.", "rus"),
            ("وصل الوزير إلى العاصمة صباح الثلاثاء.", "ara"),
            ("他昨天回到了北京。", "cmn"),
            ("Die Regierung plant neue Steuern.", "deu"),
            ("By Tuesday, the talks had collapsed.", "eng"),
        ];
        for (line, lang) in cases {
            let s = strength(line, lang);
            assert!(s <= 0.4, "{line:?} ({lang}) got {s}");
        }
    }

    #[test]
    fn repeated_caption_is_detected() {
        let page = [
            "Firefighters battle the blaze near the harbour on Sunday",
            "The fire started in a warehouse and spread quickly to nearby buildings, officials said.",
            "Residents were evacuated overnight.",
            "Firefighters battle the blaze near the harbour on Sunday.",
        ];
        let cues = furniture_cues(&page, "eng");
        let last = cues[3].as_ref().expect("repeated caption flagged");
        assert!(last.strength >= 0.6, "{last:?}");
        assert!(last.reason.contains("repeats"));
        assert!(cues[1].as_ref().map_or(0.0, |c| c.strength) <= 0.4);
    }

    #[test]
    fn keyword_spam_is_detected() {
        let page = ["The council met on Monday.", "best vpn deals 2024 cheap", "It approved the budget."];
        let cues = furniture_cues(&page, "eng");
        let spam = cues[1].as_ref().expect("spam flagged");
        assert!(spam.strength >= 0.6, "{spam:?}");
        assert!(spam.reason.contains("keywords"));
        assert!(strength("günstige flüge berlin paris angebot", "deu") >= 0.6);
    }

    #[test]
    fn one_entry_per_paragraph_and_empty_input() {
        assert!(furniture_cues(&[], "eng").is_empty());
        let cues = furniture_cues(&["", "   ", "Advertisement"], "und");
        assert_eq!(cues.len(), 3);
        assert!(cues[0].is_none() && cues[1].is_none());
        assert!(cues[2].as_ref().unwrap().reason.starts_with("advertising marker"));
    }

    #[test]
    fn german_capitalised_nouns_are_not_title_case() {
        let de = furniture_cues(&["Die Reaktionen Aus Berlin"], "deu")[0].clone();
        let en = furniture_cues(&["Die Reaktionen Aus Berlin"], "eng")[0].clone();
        assert!(de.is_none() && en.is_none(), "no cue fires on shape alone");
        assert!(strength("Weitere Nachrichten", "deu") >= 0.6);
    }

    #[test]
    fn first_and_last_lines_lean_to_furniture() {
        let page = ["Related stories", "The council met.", "It voted.", "Related stories below"];
        let cues = furniture_cues(&page, "eng");
        let first = cues[0].as_ref().unwrap().strength;
        assert!(first > strength("Related stories", "eng"));
    }

    #[test]
    fn arbitrary_text_never_panics_and_long_pages_are_fast() {
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let alphabet: Vec<char> = "aZ .:|/()©-»广告إعلانРекламаé1\n".chars().collect();
        let mut page = Vec::new();
        for round in 0..400 {
            let line: String = (0..round % 60)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    alphabet[(state % alphabet.len() as u64) as usize]
                })
                .collect();
            page.push(line);
        }
        let big = "word ".repeat(1_000_000);
        page.push(big);
        let refs: Vec<&str> = page.iter().map(String::as_str).collect();
        let started = std::time::Instant::now();
        let cues = furniture_cues(&refs, "und");
        assert_eq!(cues.len(), refs.len());
        assert!(cues.iter().flatten().all(|c| (0.0..=1.0).contains(&c.strength)));
        assert!(started.elapsed().as_secs_f32() < 10.0);
    }

    #[test]
    fn long_paragraphs_are_never_strong() {
        let long =
            "Read more about how the council decided to share the costs of the new bridge with the neighbouring \
                    towns, which had long argued that they should not pay for a project that mostly served the city.";
        assert!(strength(long, "eng") <= 0.3);
    }
}
