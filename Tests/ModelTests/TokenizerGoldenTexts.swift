/// Texts on which byte-level pre-tokenizers disagree most easily: digits and digit runs, accents and combining
/// marks (NFC and not), CJK, emoji with ZWJ and skin tones, runs of spaces, tabs, CR/LF, contractions in every
/// case, added tokens inside text, and the empty string. Compared with HF `tokenizers` by the tests.
enum TokenizerGoldenTexts {
    /// Hand-picked cases.
    static let handPicked: [String] = [
        "", " ", "  ", "   ", "\n", "\n\n", "\r\n", "\r\n\r\n", "\t", "\t\t", " \t ", "\u{A0}", "\u{3000}x",
        "hello", "Hello world", "hello  world", "hello   world", "hello \n world", "hello\n\n\nworld", "a \r\n b",
        "trailing space ", "trailing spaces   ", "  leading", "\tindented\n\tlines\n", "x  \n", "x \n\n y", "a\r\rb",
        "a\n \n b", " \n \n ", "end\n", "tab\tseparated\tvalues", "mixed \t\n\t tabs", "a\u{85}b", "a\u{1C}\u{1C}b",
        "1", "12", "123", "1234", "12345", "123456", "1234567", "12345678901234567890", "3.14159", "1,000,000",
        "-42", "+1 (555) 010-9999", "2024-01-31", "10:45pm", "0x1F", "v1.2.3", "a1b2c3", "abc123def", "  12",
        "a  1", "a   12", "x 1 2 3", "1\n2\n3", "Output: 12345 and 3.14159", "١٢٣٤٥ Arabic-Indic", "²³ ½ ¾ Ⅻ ⑦",
        "৩৪ digits ๓๔", "１２３ fullwidth", "99 bottles", "$1,234.56", "50%", "#1", "2^10=1024",
        "it's", "It's", "IT'S", "they'll", "THEY'LL", "They'Ll", "we'd", "WE'D", "I'm", "I'M", "you're", "YOU'RE",
        "You'Re", "we've", "WE'VE", "don't", "DON'T", "'s", "'S", "'t", "'T", "'re", "'RE", "'ve", "'VE", "'m", "'M",
        "'ll", "'LL", "'d", "'D", "'x", "''s", "' s", "rock'n'roll", "O'Neil's", "'ſ long s", "l'ſ", "'Ŀ", "cat's'",
        "naïve café – Ωμέγα", "cafe\u{301}", "e\u{301}t\u{301}e\u{301}", "Å", "A\u{30A}", "Ω \u{2126}", "ﬁ ligature",
        "n\u{303}o", "\u{1E9B}\u{323}", "ḱṷṓn", "Straße STRASSE", "İstanbul ıi", "Ελληνικά", "русский текст",
        "עברית", "العربية", "हिन्दी", "ไทย", "한국어", "日本語のテキスト", "中文，标点。", "漢字かなカナ", "ｶﾀｶﾅ",
        "emoji 🎉👍🏽 end", "👨‍👩‍👧‍👦", "👍🏿", "🏳️‍🌈 flag", "🇫🇷🇩🇪", "a🎉b", " 🎉", "🎉🎉🎉", "❤️", "✌🏽 peace",
        "math ∑∫√∞ ≠ ≤", "arrows → ← ↔", "quotes “smart” ‘single’", "dash — en – hyphen-", "ellipsis…", "§¶†‡",
        "code: if (x > 0) { return y; }", "path/to/file.txt", "https://example.com/a?b=c&d=e", "user@example.com",
        "<html><body>hi</body></html>", "snake_case_name", "camelCaseName", "ALLCAPS", "MiXeD CaSe", "a.b.c",
        "!!!", "?!", "...", "---", "***", "((()))", "\"quoted\"", "'single'", "#hashtag @mention", "~`^|\\",
        "\u{200B}zero width", "soft\u{AD}hyphen", "\u{FEFF}bom", "\u{E000}private", "\u{10FFFF}", "\u{7F}del",
        "<|endoftext|>", "a <|endoftext|> b", "<|im_start|>user\nHi<|im_end|>\n", "x<|im_end|>y", "<|im_start|>",
        "<|im_start|><|im_end|>", "  <|im_start|>  ", "<|im_start", "<|im_end|>\n\n", "<think>reason</think>",
        "a<think>b", "<repo_name>x<file_sep>", "<jupyter_code>print(1)", "<empty_output>", "<|endoftext|>12",
    ]

    /// Generated cases: digit runs of every length in several contexts, every contraction in every case, and
    /// space/newline runs before words and digits.
    static let generated: [String] = {
        var texts: [String] = []
        for length in 1...12 {
            let digits = String("12345678901234567890".prefix(length))
            texts += [digits, " " + digits, "  " + digits, "x" + digits + "y", digits + ".5", "é" + digits]
        }
        for contraction in ["s", "t", "re", "ve", "m", "ll", "d"] {
            texts.append("he'\(contraction) \(contraction.uppercased())'\(contraction.uppercased())")
            if contraction.count == 2 {
                let mixed = contraction.prefix(1).uppercased() + contraction.dropFirst()
                texts.append("x'\(mixed)y '\(contraction.prefix(1))\(contraction.dropFirst().uppercased())")
            }
        }
        for spaces in ["", " ", "  ", "   ", "\t", " \t", "\n", " \n", "\n ", "\r\n ", "\u{A0}"] {
            texts += ["a\(spaces)b", "a\(spaces)1", "a\(spaces)!", "!\(spaces)b", "\(spaces)", "a\(spaces)"]
        }
        return texts
    }()

    /// Every golden text.
    static let all: [String] = handPicked + generated
}
