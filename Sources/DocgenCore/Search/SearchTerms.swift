// Search, terms. In: text. Out: the normalised words the index stores and a query looks up.
// `Templates/assets/search.js` repeats these rules for what a reader types; change both together.

import Foundation

/// How text becomes search terms.
///
/// - Normalising: lower-cased, compatibility-decomposed (NFKD) and stripped of combining marks, so
///   `Zoë` and `zoe` are one term, and so are `ﬁle` and `file`.
/// - Tokenising: a word is a run of letters and digits. Runs joined by `_ - . @ ( ) / : \ +` form a
///   compound (`_sipfederationtls._tcp`, `federation.messenger.msn.com`, `Set-CsAccessEdgeConfiguration`,
///   `user(domain)@msn.com`), indexed both as its whole form and as each of its words; a camel-case word
///   is also indexed by its parts (`CsAccessEdgeConfiguration`: `cs`, `access`, `edge`, `configuration`).
enum SearchTerms {
    /// Longer words and compounds are not indexed (their words still are): they are noise, not terms.
    static let maxTermBytes = 64

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D
    }

    /// Lower-cased before and after decomposing: some compatibility forms decompose to capitals (`Ⅻ`, `℡`).
    static func unicodeNormalized(_ text: String) -> String {
        let decomposed = text.lowercased().decomposedStringWithCompatibilityMapping
        var scalars = String.UnicodeScalarView()
        for scalar in decomposed.unicodeScalars where !isMark(scalar) {
            scalars.append(scalar)
        }
        return String(scalars).lowercased()
    }

    static func isMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    /// Letters and digits of any script (Unicode categories L and N).
    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 {
            let byte = UInt8(scalar.value)
            return (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A)
        }
        // General Punctuation (quotes, dashes, spaces) holds no letters or digits: skip the lookup.
        if scalar.value >= 0x2000 && scalar.value <= 0x206F { return false }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .decimalNumber, .letterNumber,
            .otherNumber:
            return true
        default:
            return false
        }
    }

    /// Characters that join words into one compound when they sit between them.
    static func isJoiner(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "_", "-", ".", "@", "(", ")", "/", ":", "\\", "+": return true
        default: return false
        }
    }

    /// One token: its words, the camel-case parts of those words (`csaccessedgeconfiguration` → `cs`,
    /// `access`, `edge`, `configuration`), and its whole form when it is a compound of more than one word.
    struct Token: Equatable {
        var words: [String]
        var parts: [String] = []
        var compound: String?
    }

    /// What a term is to the token it comes from, for its position: the index gives a word the next
    /// position and each of its camel-case parts one more (a word of four parts takes four positions),
    /// and a compound the position of its first word.
    enum Role: Equatable {
        /// A word and how many positions it takes (its parts, at least 1).
        case word(positions: Int)
        /// The `offset`-th camel-case part of the word before it.
        case part(offset: Int)
        /// The whole form of the token, after its words.
        case compound
        /// The end of a token that is not a compound.
        case end
        /// The end of a token none of whose words is kept (each longer than ``maxTermBytes``).
        case skipped
    }

    /// Receives each term's normalised UTF-8 bytes (valid only during the call) and its role.
    typealias TermHandler = (UnsafeBufferPointer<UInt8>, Role) -> Void

    /// Splits text into tokens. Linear in the length of the text.
    static func tokens(_ text: String) -> [Token] {
        var result: [Token] = []
        var current = Token(words: [])
        forEachTerm(text) { bytes, role in
            let term = String(decoding: bytes, as: UTF8.self)
            switch role {
            case .word: current.words.append(term)
            case .part: current.parts.append(term)
            case .compound: current.compound = term
            case .end, .skipped: break
            }
            if role == .compound || role == .end || role == .skipped {
                result.append(current)
                current = Token(words: [])
            }
        }
        return result
    }

    /// Calls `body` with every term of `text` (normalised) and its role, token by token: each word
    /// followed by its camel-case parts, then the compound; a token ends with `.compound`, or with `.end`
    /// or `.skipped` and an empty term. Works on the UTF-8 bytes; a run between spaces
    /// that is not plain ASCII (or common punctuation) goes through Foundation's Unicode normalisation
    /// first, without lower-casing, so camel case stays visible; terms are lower-cased as they are made.
    static func forEachTerm(_ text: String, _ body: TermHandler) {
        var tokenizer = Tokenizer()
        var text = text
        text.withUTF8 { bytes in
            var start = 0
            while start < bytes.count {
                var end = start
                var simple = true
                while end < bytes.count, !isSpace(bytes[end]) {
                    if bytes[end] >= 0x80 && !isCommonPunctuation(bytes, at: end) { simple = false }
                    end += 1
                }
                if simple {
                    tokenizer.feed(UnsafeBufferPointer(rebasing: bytes[start..<end]), body)
                } else {
                    var folded = folded(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self))
                    folded.withUTF8 { tokenizer.feed($0, body) }
                }
                tokenizer.finish(body)
                start = end + 1
            }
        }
        tokenizer.finish(body)
    }

    /// E2 80 93/94 dashes, 98/99/9C/9D quotes, A6 `…`: no letters, and no decomposition the tokenizer needs.
    private static func isCommonPunctuation(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        var start = index
        while start > 0 && start > index - 2 && bytes[start] & 0xC0 == 0x80 { start -= 1 }
        guard bytes[start] == 0xE2, start + 2 < bytes.count, bytes[start + 1] == 0x80 else { return false }
        return [0x93, 0x94, 0x98, 0x99, 0x9C, 0x9D, 0xA6].contains(bytes[start + 2])
    }

    /// Compatibility-decomposed (NFKD), without combining marks; case kept.
    private static func folded(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.decomposedStringWithCompatibilityMapping.unicodeScalars where !isMark(scalar) {
            scalars.append(scalar)
        }
        return String(scalars)
    }

    /// The tokenizer's state across the pieces of text fed to it (a token never spans a space, so a
    /// piece boundary at a space ends one).
    private struct Tokenizer {
        /// The current token's bytes, as in the text (case kept).
        var token: [UInt8] = []
        /// Where each word of the token starts and ends in `token`, and where the last word character ends.
        var wordStarts: [Int] = []
        var wordEnds: [Int] = []
        var inWord = false
        var lastWordEnd = 0
        var scratch: [UInt8] = []

        init() {
            token.reserveCapacity(256)
            scratch.reserveCapacity(maxTermBytes)
        }

        mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>, _ body: TermHandler) {
            var index = 0
            while index < bytes.count {
                let (kind, length) = SearchTerms.kind(bytes, at: index)
                if kind == 1 {
                    if !inWord {
                        wordStarts.append(token.count)
                        inWord = true
                    }
                    if length == 1 {
                        token.append(bytes[index])
                    } else {
                        token.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<index + length]))
                    }
                    lastWordEnd = token.count
                } else if kind == 2 && (!token.isEmpty || bytes[index] == UInt8(ascii: "_")) {
                    if inWord {
                        wordEnds.append(token.count)
                        inWord = false
                    }
                    token.append(bytes[index])
                } else {
                    finish(body)
                }
                index += length
            }
        }

        /// Ends the current token: its words (and their parts), then its whole form.
        mutating func finish(_ body: TermHandler) {
            if inWord { wordEnds.append(token.count) }
            defer {
                token.removeAll(keepingCapacity: true)
                wordStarts.removeAll(keepingCapacity: true)
                wordEnds.removeAll(keepingCapacity: true)
                inWord = false
                lastWordEnd = 0
            }
            guard !wordStarts.isEmpty else { return }
            var kept = 0
            for (start, end) in zip(wordStarts, wordEnds) {
                guard end - start <= maxTermBytes else { continue }
                let parts = camelCaseParts(start..<end)
                guard emit(start..<end, .word(positions: max(1, parts.count)), body) else { continue }
                kept += 1
                for (offset, part) in parts.enumerated() { _ = emit(part, .part(offset: offset), body) }
            }
            let isCompound = wordStarts.count > 1 || wordStarts[0] != 0 || lastWordEnd != wordEnds[0]
            if isCompound, lastWordEnd <= maxTermBytes, emit(0..<lastWordEnd, .compound, body) { return }
            scratch.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[0..<0]), kept == 0 ? .skipped : .end) }
        }

        /// Hands `token[range]`, lower-cased (and, beyond ASCII, normalised: lower-cased, NFKD, no marks),
        /// to `body`; false when nothing is left of it.
        mutating func emit(_ range: Range<Int>, _ role: Role, _ body: TermHandler) -> Bool {
            scratch.removeAll(keepingCapacity: true)
            var ascii = true
            for byte in token[range] {
                if byte >= 0x80 { ascii = false }
                scratch.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
            }
            if ascii {
                scratch.withUnsafeBufferPointer { body($0, role) }
                return true
            }
            var normalized = SearchTerms.unicodeNormalized(String(decoding: scratch, as: UTF8.self))
            guard !normalized.isEmpty else { return false }
            normalized.withUTF8 { body($0, role) }
            return true
        }

        /// The camel-case parts of the word `token[range]`: a new part starts at a capital after a small
        /// letter (`csAccess`) and at the last capital of a run followed by a small letter (`XMLParser`).
        /// Only ASCII letters count; digits and other scripts never split a word.
        func camelCaseParts(_ range: Range<Int>) -> [Range<Int>] {
            // Most words have no capital after their first letter: no parts, and no array.
            guard token[(range.lowerBound + 1)..<range.upperBound].contains(where: { $0 >= 0x41 && $0 <= 0x5A }) else { return [] }
            var starts = [range.lowerBound]
            var index = range.lowerBound + 1
            while index < range.upperBound {
                let previous = token[index - 1]
                let byte = token[index]
                if isUpper(byte) {
                    if isLower(previous) || (isUpper(previous) && index + 1 < range.upperBound && isLower(token[index + 1])) {
                        starts.append(index)
                    }
                }
                index += 1
            }
            guard starts.count > 1 else { return [] }
            return starts.indices.map { starts[$0]..<($0 + 1 < starts.count ? starts[$0 + 1] : range.upperBound) }
        }

        private func isUpper(_ byte: UInt8) -> Bool { byte >= 0x41 && byte <= 0x5A }
        private func isLower(_ byte: UInt8) -> Bool { byte >= 0x61 && byte <= 0x7A }
    }

    /// Kind of the character starting at `index` (0 other, 1 word, 2 joiner) and its length in bytes.
    private static func kind(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (UInt8, Int) {
        let byte = bytes[index]
        if byte < 0x80 { return (asciiKinds[Int(byte)], 1) }
        let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
        var value = UInt32(byte) & (length == 4 ? 0x07 : length == 3 ? 0x0F : 0x1F)
        var next = index + 1
        while next < min(index + length, bytes.count) {
            value = value << 6 | UInt32(bytes[next] & 0x3F)
            next += 1
        }
        guard let scalar = Unicode.Scalar(value) else { return (0, max(1, next - index)) }
        return (isWordScalar(scalar) ? 1 : 0, max(1, next - index))
    }

    /// 1 for ASCII letters and digits, 2 for joiners, 0 for the rest.
    private static let asciiKinds: [UInt8] = (0..<128).map { code in
        let scalar = Unicode.Scalar(UInt8(code))
        return isWordScalar(scalar) ? 1 : isJoiner(scalar) ? 2 : 0
    }
}
