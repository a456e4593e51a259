extension JSONParser {
    /// The length of the well-formed UTF-8 sequence whose first byte, at `offset`, is not ASCII.
    ///
    /// Follows Unicode's table of well-formed byte sequences (Unicode Standard, Table 3-7):
    ///
    ///     C2..DF  80..BF                          U+0080..U+07FF
    ///     E0      A0..BF  80..BF                  U+0800..U+0FFF     (E0 80..9F would be overlong)
    ///     E1..EC  80..BF  80..BF                  U+1000..U+CFFF
    ///     ED      80..9F  80..BF                  U+D000..U+D7FF     (ED A0..BF would be a surrogate)
    ///     EE..EF  80..BF  80..BF                  U+E000..U+FFFF
    ///     F0      90..BF  80..BF  80..BF          U+10000..U+3FFFF   (F0 80..8F would be overlong)
    ///     F1..F3  80..BF  80..BF  80..BF          U+40000..U+FFFFF
    ///     F4      80..8F  80..BF  80..BF          U+100000..U+10FFFF (beyond would exceed U+10FFFF)
    ///
    /// Any other lead byte (80..C1 and F5..FF) is invalid. Both errors are reported at the lead byte:
    /// "truncated" when the input ends inside the sequence, "invalid" otherwise.
    func validatedUTF8Length(at offset: Int) throws(JSONParseError) -> Int {
        let length: Int
        let secondByte: ClosedRange<UInt8>
        switch bytes[offset] {
        case 0xC2...0xDF: (length, secondByte) = (2, 0x80...0xBF)
        case 0xE0: (length, secondByte) = (3, 0xA0...0xBF)
        case 0xE1...0xEC, 0xEE...0xEF: (length, secondByte) = (3, 0x80...0xBF)
        case 0xED: (length, secondByte) = (3, 0x80...0x9F)
        case 0xF0: (length, secondByte) = (4, 0x90...0xBF)
        case 0xF1...0xF3: (length, secondByte) = (4, 0x80...0xBF)
        case 0xF4: (length, secondByte) = (4, 0x80...0x8F)
        default: throw JSONParseError(offset: offset, reason: JSONParseError.Reason.invalidUTF8)
        }
        let invalid = JSONParseError(offset: offset, reason: JSONParseError.Reason.invalidUTF8)
        for index in offset + 1..<offset + length {
            guard index < bytes.count else {
                throw JSONParseError(offset: offset, reason: JSONParseError.Reason.truncatedUTF8)
            }
            let expected: ClosedRange<UInt8> = index == offset + 1 ? secondByte : 0x80...0xBF
            guard expected.contains(bytes[index]) else { throw invalid }
        }
        return length
    }
}
