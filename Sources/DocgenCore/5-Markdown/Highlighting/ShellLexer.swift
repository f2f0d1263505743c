// POSIX shell and Bash: the first word of each command is a function; options, variables, quoting.
extension HighlightLanguage {
    static let shell = HighlightLanguage(
        id: "shell", name: "Shell", aliases: ["shell", "sh", "bash", "zsh", "ksh"],
        lex: { $0.lexShell() })
}

enum ShellSyntax {
    static let keywords = WordTable(
        "if then else elif fi for while until do done case esac in function select time return exit local export readonly declare set unset"
    )
    /// After these the next word starts a command again.
    static let commandStarters = WordTable("if then else elif while until do time !")
    /// Bytes that end a plain word.
    static func endsWord(_ byte: UInt8) -> Bool {
        ByteClass.isWhitespace(byte) || ";|&<>()'\"`$\\{}".utf8.contains(byte)
    }
}

extension HighlightScanner {
    /// Lexes shell commands from `position` to `end`.
    mutating func lexShell() {
        var atCommandStart = true
        while let byte = peek() {
            let start = position
            switch byte {
            case ByteClass.newline, UInt8(ascii: ";"), UInt8(ascii: "|"), UInt8(ascii: "&"):
                if byte == ByteClass.newline {
                    advance()
                } else {
                    advance(while: { ";|&".utf8.contains($0) })
                    emit(.operator, from: start)
                }
                atCommandStart = true
            case _ where ByteClass.isSpace(byte):
                advance(while: ByteClass.isSpace)
            case UInt8(ascii: "#") where followsWordBoundary():
                advanceToLineEnd()
                emit(.comment, from: start)
            case UInt8(ascii: "'"):
                scanString(open: [byte], close: [byte], escape: nil, multiline: true)
                emit(.string, from: start)
                atCommandStart = false
            case UInt8(ascii: "\""):
                scanString(open: [byte], close: [byte], escape: UInt8(ascii: "\\"), multiline: true)
                emit(.string, from: start)
                atCommandStart = false
            case UInt8(ascii: "$"):
                atCommandStart = lexShellDollar()
            case UInt8(ascii: "`"), UInt8(ascii: "("), UInt8(ascii: "{"):
                advance()
                emit(byte == UInt8(ascii: "`") ? .operator : .punctuation, from: start)
                atCommandStart = true
            case UInt8(ascii: ")"), UInt8(ascii: "}"):
                advance()
                emit(.punctuation, from: start)
            case UInt8(ascii: "<"), UInt8(ascii: ">"):
                advance(while: { "<>&".utf8.contains($0) })
                emit(.operator, from: start)
            case UInt8(ascii: "\\"):
                advance(2)  // an escaped character or a line continuation
            case UInt8(ascii: "-") where followsWordBoundary() && !atCommandStart:
                advance(while: { ByteClass.isIdentifierPart($0) || $0 == UInt8(ascii: "-") })
                emit(.parameter, from: start)
            default:
                advance(while: { !ShellSyntax.endsWord($0) && $0 != UInt8(ascii: "=") })
                if position == start { advance() }
                let word = slice(from: start)
                if atCommandStart && peek() == UInt8(ascii: "=") && word.allSatisfy(ByteClass.isIdentifierPart) {
                    // An assignment before a command: NAME=value.
                    emit(.variable, from: start)
                    let equals = position
                    advance()
                    emit(.operator, from: equals)
                    advance(while: { !ShellSyntax.endsWord($0) })
                } else if atCommandStart && ShellSyntax.keywords.contains(word) {
                    emit(.keyword, from: start)
                    atCommandStart = ShellSyntax.commandStarters.contains(word)
                } else if atCommandStart {
                    advance(while: { !ShellSyntax.endsWord($0) })
                    emit(.function, from: start)
                    atCommandStart = false
                } else {
                    advance(while: { !ShellSyntax.endsWord($0) })
                    if slice(from: start).allSatisfy(ByteClass.isDigit) { emit(.number, from: start) }
                }
            }
        }
    }

    /// `$NAME`, `${NAME…}`, `$1`, `$?`, `$(`…, `$'…'`. Returns whether a command starts after it (`$(`).
    private mutating func lexShellDollar() -> Bool {
        let start = position
        guard let next = peek(1) else {
            advance()
            return false
        }
        if next == UInt8(ascii: "{") {
            advance(2)
            advance(while: { $0 != UInt8(ascii: "}") && $0 != ByteClass.newline })
            if peek() == UInt8(ascii: "}") { advance() }
            emit(.variable, from: start)
        } else if next == UInt8(ascii: "(") {
            advance(2)
            emit(.operator, from: start)
            return true
        } else if next == UInt8(ascii: "'") {
            advance()
            scanString(open: [next], close: [next], escape: UInt8(ascii: "\\"), multiline: true)
            emit(.string, from: start)
        } else if ByteClass.isIdentifierStart(next) {
            advance()
            advance(while: ByteClass.isIdentifierPart)
            emit(.variable, from: start)
        } else if ByteClass.isDigit(next) || "?@*#$!-_".utf8.contains(next) {
            advance(2)
            emit(.variable, from: start)
        } else {
            advance()
        }
        return false
    }
}
