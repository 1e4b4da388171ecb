import Foundation

/// What every fake embeddings endpoint answers, derived from the input alone so tests can
/// compute the expected vectors: a unit vector of `defaultDimensions` (or the request's
/// `dimensions`) numbers drawn from an FNV-1a hash of the text (of the token numbers, for a
/// token array). One token a whitespace-separated word (at least one a non-empty text), one a
/// number for token arrays.
public enum FakeEmbedding {
    public static let defaultDimensions = 8

    /// One input to embed.
    public enum Input: Sendable, Hashable {
        case text(String)
        case tokens([Int])
    }

    /// The vector the fakes answer for `input`.
    public static func vector(for input: Input, dimensions: Int = defaultDimensions) -> [Float] {
        var seed: UInt64 = 0xcbf2_9ce4_8422_2325
        let bytes: [UInt8]
        switch input {
        case .text(let text): bytes = Array(text.utf8)
        case .tokens(let tokens): bytes = Array(("tokens:" + tokens.map(String.init).joined(separator: ",")).utf8)
        }
        for byte in bytes {
            seed = (seed ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        // SplitMix64 spreads the one hash over as many numbers as needed.
        let raw = (0..<max(dimensions, 1)).map { _ -> Double in
            seed &+= 0x9e37_79b9_7f4a_7c15
            var mixed = seed
            mixed = (mixed ^ (mixed >> 30)) &* 0xbf58_476d_1ce4_e5b9
            mixed = (mixed ^ (mixed >> 27)) &* 0x94d0_49bb_1331_11eb
            mixed ^= mixed >> 31
            return Double(mixed >> 11) / Double(1 << 53) * 2 - 1
        }
        let length = max(raw.reduce(0) { $0 + $1 * $1 }.squareRoot(), .leastNonzeroMagnitude)
        return raw.map { Float($0 / length) }
    }

    /// The vector as `encoding_format: "base64"` sends it: little-endian float32, base64.
    public static func base64(_ vector: [Float]) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(vector.count * 4)
        for value in vector {
            withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes += $0 }
        }
        return Data(bytes).base64EncodedString()
    }

    /// The tokens `input` counts for in `usage`.
    public static func tokens(in input: Input) -> Int {
        switch input {
        case .text(let text): max(FakeCompletionReply.words(in: text), text.isEmpty ? 0 : 1)
        case .tokens(let tokens): tokens.count
        }
    }

    // MARK: For the fakes' routes

    enum Parsed {
        case inputs([Input])
        case missing
        case invalid
    }

    /// `input` as OpenAI reads it: a string, a list of strings, a list of token numbers or a
    /// list of token lists, none of them empty.
    static func inputs(_ value: Any?) -> Parsed {
        switch value {
        case nil, is NSNull:
            return .missing
        case let text as String:
            return text.isEmpty ? .invalid : .inputs([.text(text)])
        case let list as [Any]:
            guard !list.isEmpty else { return .invalid }
            if let texts = list as? [String] {
                return texts.contains(where: \.isEmpty) ? .invalid : .inputs(texts.map { .text($0) })
            }
            if let tokens = tokenList(list) { return .inputs([.tokens(tokens)]) }
            let lists = list.compactMap { ($0 as? [Any]).flatMap(tokenList) }
            guard lists.count == list.count, !lists.contains(where: \.isEmpty) else { return .invalid }
            return .inputs(lists.map { .tokens($0) })
        default:
            return .invalid
        }
    }

    private static func tokenList(_ list: [Any]) -> [Int]? {
        let numbers = list.compactMap { $0 as? NSNumber }
        guard numbers.count == list.count, !numbers.contains(where: FakeOllamaWire.isBoolean) else { return nil }
        let tokens = numbers.map(\.intValue)
        return zip(tokens, numbers).allSatisfy { Double($0) == $1.doubleValue && $0 >= 0 } ? tokens : nil
    }

    /// How a request asks its vectors to be written.
    enum Encoding {
        case float
        case base64
    }

    static func encoding(_ value: Any?) -> Encoding? {
        switch value {
        case nil, is NSNull: .float
        case let text as String where text == "float": .float
        case let text as String where text == "base64": .base64
        default: nil
        }
    }

    /// `dimensions` when the request asks for a positive number of them, else the default.
    static func dimensions(_ body: [String: Any]) -> Int? {
        guard let value = body["dimensions"] else { return defaultDimensions }
        guard let number = value as? NSNumber, !FakeOllamaWire.isBoolean(number), number.intValue > 0,
            number.intValue <= 4096
        else { return nil }
        return number.intValue
    }

    /// A request's inputs and how it wants them answered.
    struct Request {
        let inputs: [Input]
        let encoding: Encoding
        let dimensions: Int
    }

    /// Which field of an embeddings body is wrong.
    enum Refusal {
        case missingInput
        case invalidInput
        case invalidEncoding(String)
        case invalidDimensions
    }

    /// Reads an embeddings body as OpenAI does.
    static func request(_ body: [String: Any]) -> Result<Request, RefusalError> {
        let inputs: [Input]
        switch self.inputs(body["input"]) {
        case .missing: return .failure(RefusalError(refusal: .missingInput))
        case .invalid: return .failure(RefusalError(refusal: .invalidInput))
        case .inputs(let parsed): inputs = parsed
        }
        guard let encoding = encoding(body["encoding_format"]) else {
            return .failure(RefusalError(refusal: .invalidEncoding("\(body["encoding_format"] ?? "")")))
        }
        guard let dimensions = dimensions(body) else { return .failure(RefusalError(refusal: .invalidDimensions)) }
        return .success(Request(inputs: inputs, encoding: encoding, dimensions: dimensions))
    }

    struct RefusalError: Error {
        let refusal: Refusal
    }

    /// OpenAI's list answer, which Azure and Ollama's `/v1` share.
    static func answer(model: String, request: Request) -> FakeResponse {
        let (inputs, encoding, dimensions) = (request.inputs, request.encoding, request.dimensions)
        let data = inputs.enumerated().map { index, input -> [String: Any] in
            let vector = vector(for: input, dimensions: dimensions)
            let embedding: Any = encoding == .base64 ? base64(vector) : vector.map { Double($0) }
            return ["object": "embedding", "index": index, "embedding": embedding]
        }
        let count = inputs.reduce(0) { $0 + tokens(in: $1) }
        return .json(
            200,
            object: [
                "object": "list", "data": data, "model": model, "usage": ["prompt_tokens": count, "total_tokens": count],
            ])
    }
}
