import ArgumentParser
import Foundation
import HangarClient
import HangarCore
import HangarOpenAPI

extension Models {
    struct Test: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send a short prompt to a model through its connection and show the answer.",
            discussion: """
                Prints the answer, the latency, the tokens used and the cost in USD, or "unknown" when the \
                model has no price or the upstream did not count tokens. The call is recorded (see \
                `hangar usage`). A deprecated model still answers; a warning naming its replacement goes \
                to stderr.
                """)
        @Argument(help: "Model id.") var id: String
        @Option(help: "The prompt, 1–4,000 characters (default: \"\(ModelTestRequest.defaultPrompt)\").") var prompt: String?
        @Option(help: "Most tokens to generate, 1–4,096 (default \(ModelTestRequest.defaultMaxTokens)).") var maxTokens: Int?
        @OptionGroup var client: ClientOptions

        func run() async throws {
            let request = ModelTestRequest(prompt: prompt, maxTokens: maxTokens)
            let result = try await client.call { [id] api in
                try await api.testModel(path: .init(id: id), body: .json(request)).ok.body.json
            }
            // On stderr in both modes: a script reading the JSON still gets told, and the
            // warning is in the JSON as well.
            if let warning = result.warning { printErr(Self.warningLine(warning)) }
            if client.json { return printOut(try Table.json(result)) }
            printOut(Self.describe(result))
        }

        static func warningLine(_ warning: ModelTestWarning) -> String {
            var line = "Warning: \(warning.message)"
            // The server names the replacement by its display name; the id is what commands take.
            if let replacement = warning.replacementModelID, !warning.message.contains(replacement) {
                line += " (replacement id: \(replacement))"
            }
            return line + "\n"
        }

        /// The answer as the model wrote it, then the measurements under it.
        static func describe(_ result: ModelTestResult) -> String {
            let answer = result.text.isEmpty ? "(empty answer)" : result.text
            var rows: [(String, String)] = [
                ("model", "\(result.modelID) (\(result.apiName) on connection \(result.providerID))"),
                ("latency", "\(result.latencyMS) ms"),
                ("tokens", "\(count(result.inputTokens)) in, \(count(result.outputTokens)) out"),
                ("cost", costLine(result)),
            ]
            if let reason = result.finishReason { rows.append(("finish", reason)) }
            // One attempt is the normal case; more means the upstream answered 429 first.
            if result.attempts > 1 {
                rows.append(("attempts", "\(result.attempts) (waited \(result.waitedMS) ms for rate limits)"))
            }
            return answer + (answer.hasSuffix("\n") ? "\n" : "\n\n") + Table.pairs(rows)
        }

        static func count(_ tokens: Int?) -> String { tokens.map(String.init) ?? "unknown" }

        /// The cost with the prices it was computed from, or why it is unknown.
        static func costLine(_ result: ModelTestResult) -> String {
            guard let cost = result.costUSD else {
                if result.costInputPerMillion == nil || result.costOutputPerMillion == nil {
                    return "unknown (the model has no price)"
                }
                return "unknown (the upstream did not report the tokens)"
            }
            guard let input = result.costInputPerMillion, let output = result.costOutputPerMillion else { return usd(cost) }
            return "\(usd(cost)) (at \(input) in, \(output) out per million tokens)"
        }
    }
}
