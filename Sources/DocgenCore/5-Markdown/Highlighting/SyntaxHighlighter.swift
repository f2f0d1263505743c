// The highlighting engine: a byte scanner that writes escaped HTML with `tok-…` spans, the shared
// token rules the languages are built from, and the public entry point.
//
// Every lexer moves forward through the code's UTF-8 bytes. A rule may look ahead and give up, but
// only over a stretch it then consumes some other way, so each byte is examined a small, fixed
// number of times; `HighlightScanner.work` counts those examinations so tests can check it.
// Tokens only ever start and end at ASCII bytes, so no UTF-8 sequence is split.

/// The token classes written into the HTML as `class="tok-NAME"`; the theme colours each one.
public enum TokenClass: String, CaseIterable, Sendable {
    case keyword, string, number, comment, variable, parameter
    case `operator`, punctuation, type, function, attribute, tag, property
    /// A shell prompt (`$ `, `PS> `): shown, never copied.
    case prompt
    /// A line of a command's output in a console transcript: shown, never copied.
    case output
}

/// A language docgen can highlight.
public struct HighlightLanguage: Sendable {
    /// Used in `class="language-ID"`.
    public let id: String
    /// A readable name, used in labels ("PowerShell code").
    public let name: String
    /// The info-string words that select it, lower-case.
    public let aliases: [String]
    let lex: @Sendable (inout HighlightScanner) -> Void
}

/// Highlights code at build time into HTML with token classes.
public enum SyntaxHighlighter {
    /// Every language, in the order the README lists them.
    public static let languages: [HighlightLanguage] = [
        .powerShell, .shell, .console, .yaml, .json, .swift, .html, .xml, .css, .javaScript, .python, .ini, .toml, .dnsZone,
        .plainText,
    ]

    private static let byAlias: [String: HighlightLanguage] = {
        var table: [String: HighlightLanguage] = [:]
        for language in languages {
            for alias in language.aliases where table[alias] == nil { table[alias] = language }
        }
        return table
    }()

    /// The language an info-string word names (any case), or `nil` when docgen does not know it.
    public static func language(named name: String) -> HighlightLanguage? {
        byAlias[name.lowercased()]
    }

    /// `code` as escaped HTML with token spans, or `nil` for a language docgen does not know.
    /// The text content of the result is exactly `code`.
    public static func highlight(_ code: String, language: String) -> HTML? {
        highlightCountingWork(code, language: language)?.html
    }

    /// `code` highlighted as `language`.
    public static func highlight(_ code: String, in language: HighlightLanguage) -> HTML {
        var scanner = HighlightScanner(Array(code.utf8))
        language.lex(&scanner)
        return HTML(bytes: scanner.finish())
    }

    /// As ``highlight(_:language:)``, with the number of byte examinations it took (for tests of bounded work).
    static func highlightCountingWork(_ code: String, language name: String) -> (html: HTML, work: Int)? {
        guard let language = language(named: name) else { return nil }
        var scanner = HighlightScanner(Array(code.utf8))
        language.lex(&scanner)
        let work = scanner.work
        return (HTML(bytes: scanner.finish()), work)
    }
}

// MARK: - Scanner

/// Walks the code's bytes and writes the output. Text between tokens is written escaped as plain text.
struct HighlightScanner {
    let bytes: [UInt8]
    /// The next byte to look at.
    var position = 0
    /// Where the current lexer stops (a console lexes one command line at a time).
    var end: Int
    /// Byte examinations so far.
    private(set) var work = 0
    private var output: [UInt8] = []
    /// Bytes before this index have been written.
    private var written = 0
    /// Whether a `code-line` span is open in the output.
    private var lineIsOpen = false

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        end = bytes.count
        output.reserveCapacity(bytes.count * 2)
    }

    var atEnd: Bool { position >= end }

    /// The byte `offset` away from `position`, or `nil` past `end` (or before the start of the code).
    mutating func peek(_ offset: Int = 0) -> UInt8? {
        work += 1
        let index = position + offset
        if offset < 0 { return index >= 0 ? bytes[index] : nil }
        return index < end ? bytes[index] : nil
    }

    mutating func advance(_ count: Int = 1) {
        work += count
        position = min(position + count, end)
    }

    /// Whether the bytes at `position` are `pattern`.
    mutating func sees(_ pattern: [UInt8]) -> Bool {
        guard position + pattern.count <= end else { work += 1; return false }
        for (offset, byte) in pattern.enumerated() {
            work += 1
            if bytes[position + offset] != byte { return false }
        }
        return true
    }

    mutating func advance(while predicate: (UInt8) -> Bool) {
        while position < end {
            work += 1
            guard predicate(bytes[position]) else { return }
            position += 1
        }
    }

    /// Moves to the end of the line, before its `\n`.
    mutating func advanceToLineEnd() {
        advance(while: { $0 != ByteClass.newline })
    }

    /// Moves past the next `pattern`, or to the end when there is none (an unterminated comment).
    mutating func advance(past pattern: [UInt8]) {
        while position < end {
            if sees(pattern) {
                advance(pattern.count)
                return
            }
            advance()
        }
    }

    /// The bytes from `start` to `position`, for looking words up.
    func slice(from start: Int) -> ArraySlice<UInt8> {
        bytes[start..<position]
    }

    /// Writes the bytes from `start` to `position` as one token of class `token`.
    mutating func emit(_ token: TokenClass, from start: Int) {
        guard position > start, start >= written else { return }
        flushPlain(upTo: start)
        write(bytes[start..<position], as: token)
        written = position
    }

    /// Everything written, with the rest of the code as plain text.
    mutating func finish() -> [UInt8] {
        position = bytes.count
        flushPlain(upTo: bytes.count)
        if lineIsOpen { output.append(contentsOf: Self.closeTag) }
        lineIsOpen = false
        return output
    }

    private mutating func flushPlain(upTo index: Int) {
        guard index > written else { return }
        write(bytes[written..<index], as: nil)
        written = index
    }

    /// Writes text escaped. Each line, with its `\n`, is wrapped in `<span class="code-line">` (print
    /// uses it to mark wrapped lines), so a token that spans lines is closed and reopened at each break.
    private mutating func write(_ text: ArraySlice<UInt8>, as token: TokenClass?) {
        var tokenIsOpen = false
        for byte in text {
            if !lineIsOpen {
                output.append(contentsOf: Self.lineOpenTag)
                lineIsOpen = true
            }
            if !tokenIsOpen, let token {
                output.append(contentsOf: Self.openTags[token] ?? [])
                tokenIsOpen = true
            }
            switch byte {
            case UInt8(ascii: "&"): output.append(contentsOf: Self.ampersand)
            case UInt8(ascii: "<"): output.append(contentsOf: Self.lessThan)
            case UInt8(ascii: ">"): output.append(contentsOf: Self.greaterThan)
            case UInt8(ascii: "\""): output.append(contentsOf: Self.quote)
            case UInt8(ascii: "'"): output.append(contentsOf: Self.apostrophe)
            default: output.append(byte)
            }
            if byte == ByteClass.newline {
                if tokenIsOpen { output.append(contentsOf: Self.closeTag) }
                tokenIsOpen = false
                output.append(contentsOf: Self.closeTag)
                lineIsOpen = false
            }
        }
        if tokenIsOpen { output.append(contentsOf: Self.closeTag) }
    }

    private static let openTags: [TokenClass: [UInt8]] = Dictionary(
        uniqueKeysWithValues: TokenClass.allCases.map { ($0, Array("<span class=\"tok-\($0.rawValue)\">".utf8)) })
    private static let lineOpenTag = Array("<span class=\"code-line\">".utf8)
    private static let closeTag = Array("</span>".utf8)
    private static let ampersand = Array("&amp;".utf8)
    private static let lessThan = Array("&lt;".utf8)
    private static let greaterThan = Array("&gt;".utf8)
    private static let quote = Array("&quot;".utf8)
    private static let apostrophe = Array("&#39;".utf8)
}

// MARK: - Byte classes

enum ByteClass {
    static let newline = UInt8(ascii: "\n")

    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0C
    }

    static func isWhitespace(_ byte: UInt8) -> Bool {
        isSpace(byte) || byte == newline
    }

    static func isDigit(_ byte: UInt8) -> Bool {
        byte >= 0x30 && byte <= 0x39
    }

    static func isLetter(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A
    }

    static func isUpper(_ byte: UInt8) -> Bool {
        byte >= 0x41 && byte <= 0x5A
    }

    /// Letters, `_`, and any byte of a non-ASCII character (so words in any script stay whole).
    static func isIdentifierStart(_ byte: UInt8) -> Bool {
        isLetter(byte) || byte == UInt8(ascii: "_") || byte >= 0x80
    }

    static func isIdentifierPart(_ byte: UInt8) -> Bool {
        isIdentifierStart(byte) || isDigit(byte)
    }

    static func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x66)
    }
}

/// A set of words, looked up by the bytes of the code without copying them.
struct WordTable: Sendable {
    private let words: Set<ArraySlice<UInt8>>
    /// Lower-cases ASCII letters before looking up (the table holds lower-case words).
    let ignoresCase: Bool

    /// `list` holds the words separated by spaces or newlines.
    init(_ list: String, ignoringCase: Bool = false) {
        ignoresCase = ignoringCase
        words = Set(
            list.split(whereSeparator: { $0 == " " || $0 == "\n" }).map {
                ArraySlice((ignoringCase ? $0.lowercased() : String($0)).utf8)
            })
    }

    func contains(_ word: ArraySlice<UInt8>) -> Bool {
        guard ignoresCase else { return words.contains(word) }
        return words.contains(ArraySlice(word.map { ByteClass.isUpper($0) ? $0 | 0x20 : $0 }))
    }
}

// MARK: - Shared token rules

extension HighlightScanner {
    /// A string from `open` to `close`. `escape` skips the byte after it; a single-line string ends
    /// at the end of its line; an unterminated string runs to the end. Position is at `open`.
    mutating func scanString(open: [UInt8], close: [UInt8], escape: UInt8?, multiline: Bool) {
        advance(open.count)
        while !atEnd {
            guard let byte = peek() else { return }
            if let escape, byte == escape {
                // An escaped line break does not end a single-line string, but never step over the end.
                advance(2)
            } else if sees(close) {
                advance(close.count)
                return
            } else if byte == ByteClass.newline && !multiline {
                return
            } else {
                advance()
            }
        }
    }

    /// A block comment; nested ones (Swift) count their depth. Position is at `open`.
    mutating func scanBlockComment(open: [UInt8], close: [UInt8], nests: Bool) {
        advance(open.count)
        var depth = 1
        while !atEnd {
            if sees(close) {
                advance(close.count)
                depth -= 1
                if depth == 0 { return }
            } else if nests && sees(open) {
                advance(open.count)
                depth += 1
            } else {
                advance()
            }
        }
    }

    /// A number: digits, then letters, digits, `_` and single `.` (hex, exponents, suffixes, units),
    /// with a sign after an exponent `e`. Position is at its first digit (or at a `.` before one).
    mutating func scanNumber() {
        let start = position
        advance()
        while let byte = peek() {
            if ByteClass.isIdentifierPart(byte) && byte < 0x80 {
                advance()
            } else if byte == UInt8(ascii: "."), let next = peek(1), ByteClass.isDigit(next) {
                advance()
            } else if byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-"), position > start,
                let previous = peek(-1), previous | 0x20 == UInt8(ascii: "e"),
                let next = peek(1), ByteClass.isDigit(next), !isHexLiteral(from: start)
            {
                advance()
            } else {
                return
            }
        }
    }

    private func isHexLiteral(from start: Int) -> Bool {
        start + 1 < bytes.count && bytes[start] == UInt8(ascii: "0") && bytes[start + 1] | 0x20 == UInt8(ascii: "x")
    }

    /// Whether the byte before `position` ends a word (so a `-` or `#` here starts a new one).
    mutating func followsWordBoundary() -> Bool {
        guard let previous = peek(-1) else { return true }
        return ByteClass.isWhitespace(previous) || "([{;,|=&".utf8.contains(previous)
    }

    /// The next byte after any spaces and tabs on this line, without moving. Looks at most `limit` bytes ahead.
    mutating func nextNonSpace(limit: Int = 16) -> UInt8? {
        var offset = 0
        while offset < limit, let byte = peek(offset) {
            if !ByteClass.isSpace(byte) { return byte }
            offset += 1
        }
        return nil
    }
}

// MARK: - Table-driven lexer for code-like languages

/// A string syntax of a language, tried in the order given (longer openings first).
struct StringSyntax: Sendable {
    var open: [UInt8]
    var close: [UInt8]
    var escape: UInt8?
    var multiline: Bool

    init(_ open: String, _ close: String? = nil, escape: Character? = "\\", multiline: Bool = false) {
        self.open = Array(open.utf8)
        self.close = Array((close ?? open).utf8)
        self.escape = escape?.asciiValue
        self.multiline = multiline
    }
}

/// What a code-like language looks like: the tables the shared lexer runs on.
struct CodeSyntax: Sendable {
    var lineComments: [[UInt8]] = []
    var blockComments: [(open: [UInt8], close: [UInt8], nests: Bool)] = []
    var strings: [StringSyntax] = []
    var keywords = WordTable("")
    /// Constants such as `true`, `null`: shown as keywords.
    var literals = WordTable("")
    var types = WordTable("")
    /// Words starting with a capital letter are types (Swift, JavaScript classes).
    var capitalizedWordsAreTypes = false
    /// A word right before `(` is a function.
    var callsAreFunctions = true
    /// After one of these keywords, the next word is the name being declared, of this class.
    var declarations: [ArraySlice<UInt8>: TokenClass] = [:]
    /// `@name` (Swift attributes, Python decorators).
    var attributePrefix: UInt8?
    /// Bytes that may continue a word besides letters, digits and `_` (`$` in JavaScript).
    var extraWordBytes: [UInt8] = []
    var operators = Array("+-*/%=<>!&|^~?:".utf8)
    var punctuation = Array("{}[]();,.".utf8)
    /// A language's own rule, tried first at each token start. It returns `true` only after
    /// consuming at least one byte; on `false` it leaves the position where it was.
    var special: (@Sendable (inout HighlightScanner, inout CodeLexerState) -> Bool)?

    static func declarations(_ pairs: [(String, TokenClass)]) -> [ArraySlice<UInt8>: TokenClass] {
        Dictionary(pairs.map { (ArraySlice($0.0.utf8), $0.1) }, uniquingKeysWith: { first, _ in first })
    }
}

/// What the shared lexer remembers between tokens.
struct CodeLexerState {
    /// Set after a declaring keyword (`func`, `class`): the class for the next word.
    var pendingDeclaration: TokenClass?
}

extension HighlightScanner {
    /// Lexes from `position` to `end` with the shared rules in `syntax`.
    mutating func lexCode(_ syntax: CodeSyntax) {
        var state = CodeLexerState()
        tokens: while let byte = peek() {
            let start = position
            if let special = syntax.special {
                if special(&self, &state), position > start { continue }
                position = start
            }
            if ByteClass.isWhitespace(byte) {
                advance(while: ByteClass.isWhitespace)
                continue
            }
            for marker in syntax.lineComments where sees(marker) {
                advanceToLineEnd()
                emit(.comment, from: start)
                continue tokens
            }
            for comment in syntax.blockComments where sees(comment.open) {
                scanBlockComment(open: comment.open, close: comment.close, nests: comment.nests)
                emit(.comment, from: start)
                continue tokens
            }
            for string in syntax.strings where sees(string.open) {
                scanString(open: string.open, close: string.close, escape: string.escape, multiline: string.multiline)
                emit(.string, from: start)
                continue tokens
            }
            if ByteClass.isDigit(byte) || (byte == UInt8(ascii: ".") && peek(1).map(ByteClass.isDigit) == true) {
                scanNumber()
                emit(.number, from: start)
                continue
            }
            if let prefix = syntax.attributePrefix, byte == prefix, let next = peek(1), ByteClass.isIdentifierStart(next) {
                advance()
                advance(while: ByteClass.isIdentifierPart)
                emit(.attribute, from: start)
                continue
            }
            if ByteClass.isIdentifierStart(byte) || syntax.extraWordBytes.contains(byte) {
                advance(while: { ByteClass.isIdentifierPart($0) || syntax.extraWordBytes.contains($0) })
                lexWord(from: start, syntax, &state)
                continue
            }
            if syntax.operators.contains(byte) {
                advance(while: { syntax.operators.contains($0) })
                emit(.operator, from: start)
                continue
            }
            advance()
            if syntax.punctuation.contains(byte) { emit(.punctuation, from: start) }
        }
    }

    /// Classifies the word from `start` to `position`.
    mutating func lexWord(from start: Int, _ syntax: CodeSyntax, _ state: inout CodeLexerState) {
        let word = slice(from: start)
        if syntax.keywords.contains(word) {
            emit(.keyword, from: start)
            state.pendingDeclaration =
                syntax.declarations[syntax.keywords.ignoresCase ? ArraySlice(word.map { ByteClass.isUpper($0) ? $0 | 0x20 : $0 }) : word]
            return
        }
        if let declared = state.pendingDeclaration {
            state.pendingDeclaration = nil
            emit(declared, from: start)
        } else if syntax.literals.contains(word) {
            emit(.keyword, from: start)
        } else if syntax.types.contains(word) || (syntax.capitalizedWordsAreTypes && ByteClass.isUpper(bytes[start])) {
            emit(.type, from: start)
        } else if syntax.callsAreFunctions && peek() == UInt8(ascii: "(") {
            emit(.function, from: start)
        }
    }
}
