import Foundation
import HangarCore
import Testing

@testable import Gateway

/// The byte-level pieces of the relay: a body's top-level members found and edited without
/// touching anything else, and event streams cut into events whatever the pieces' boundaries.
@Suite struct RelayBytesTests {
    @Test func onlyTheModelChangesAndEverythingElseKeepsItsBytes() throws {
        let body = Array(
            #" {"messages":[{"role":"user","content":"a \"quoted\" {brace}"}], "model" : "x", "temperature":0.10,"n":1e2} "#.utf8)
        let request = try RelayRequest(body)
        #expect(request.model == "x" && !request.stream)
        let upstream = String(decoding: request.upstreamBody(apiName: "gpt-4o", askUsage: true), as: UTF8.self)
        #expect(
            upstream
                == #" {"messages":[{"role":"user","content":"a \"quoted\" {brace}"}], "model" : "gpt-4o", "temperature":0.10,"n":1e2} "#)
    }

    @Test func aStreamAsksForUsageOnceAndKeepsTheClientsOptions() throws {
        let body = Array(#"{"model":"m","stream":true,"stream_options":{"other":1}}"#.utf8)
        let request = try RelayRequest(body)
        #expect(request.stream && !request.clientWantsUsage)
        let upstream = try JSONSerialization.jsonObject(with: Data(request.upstreamBody(apiName: "n", askUsage: true))) as? [String: Any]
        #expect((upstream?["stream_options"] as? [String: Any])?["include_usage"] as? Bool == true)
        #expect((upstream?["stream_options"] as? [String: Any])?["other"] as? Int == 1)
        let plain = try RelayRequest(Array(#"{"model":"m","stream":true}"#.utf8))
        #expect(String(decoding: plain.upstreamBody(apiName: "n", askUsage: false), as: UTF8.self) == #"{"model":"n","stream":true}"#)
        #expect(
            String(decoding: plain.upstreamBody(apiName: "n", askUsage: true), as: UTF8.self).contains(
                #""stream_options":{"include_usage":true},"#))
    }

    @Test(arguments: [
        #"[1]"#, #"{"model":1}"#, #"{"model":""}"#, #"{"messages":[]}"#, #"{"model":"m","stream":"yes"}"#,
        #"{"model":"m","max_tokens":"ten"}"#, #"{"model":"m""#, #"{"model":"m"} trailing"#, "",
    ])
    func malformedBodiesAreRefusedNamingTheField(_ text: String) {
        #expect(throws: OpenAIError.self) { try RelayRequest(Array(text.utf8)) }
    }

    @Test func eventsAreCutWhereverThePiecesEnd() throws {
        let stream = Array("data: {\"a\":1}\n\n: ping\n\ndata: {\"b\":2}\r\n\r\ndata: [DONE]\n\n".utf8)
        for size in [1, 2, 3, 7, stream.count] {
            var splitter = EventSplitter()
            var events: [[UInt8]] = []
            var index = 0
            while index < stream.count {
                events += try splitter.feed(stream[index..<min(index + size, stream.count)])
                index += size
            }
            #expect(events.count == 4 && splitter.rest().isEmpty, "pieces of \(size)")
            #expect(
                events.compactMap { EventSplitter.data(of: $0).map { String(decoding: $0, as: UTF8.self) } } == [
                    #"{"a":1}"#, #"{"b":2}"#, "[DONE]",
                ])
        }
    }

    @Test func anEventThatNeverEndsIsCutOff() {
        var splitter = EventSplitter()
        #expect(throws: EventSplitter.TooLong.self) {
            try splitter.feed(Array(repeating: UInt8(ascii: "x"), count: EventSplitter.maxEventBytes + 1))
        }
    }

    @Test func costsAreExactAndUnknownStaysUnknown() {
        let prices = (input: Decimal(string: "2.5"), output: Decimal(string: "10"))
        #expect(UsageRecord.cost(input: 8, output: 11, inputPrice: prices.input, outputPrice: prices.output) == Decimal(string: "0.00013"))
        #expect(UsageRecord.cost(input: 8, output: 11, inputPrice: prices.input, outputPrice: nil) == nil)
        #expect(UsageRecord.cost(input: 8, output: 0, inputPrice: prices.input, outputPrice: nil) == Decimal(string: "0.00002"))
        #expect(UsageRecord.cost(input: nil, output: 1, inputPrice: 1, outputPrice: 1) == nil)
        #expect(Picodollars.from(Decimal(string: "0.00013")!) == 130_000_000)
        #expect(Picodollars.from(Decimal(string: "0.0000000000001")!) == 1, "rounded up, never down")
        #expect(Picodollars.dollars(130_000_000) == Decimal(string: "0.00013"))
    }

    @Test func anAnswersUsageAndTextAreReadWithoutDecodingIt() throws {
        let answer = Array(
            #"{"id":"x","choices":[{"index":0,"message":{"role":"assistant","content":"caf\u00e9 \"ok\""}}],"usage":{"prompt_tokens":12,"completion_tokens":7,"total_tokens":19}}"#
                .utf8)
        let reading = try #require(RelayUsage.read(answer[...]))
        #expect(reading.usage == RelayUsage(promptTokens: 12, completionTokens: 7))
        #expect(reading.textBytes == "café \"ok\"".utf8.count && reading.choiceCount == 1 && !reading.hasError && !reading.isUsageOnly)

        let chunk = try #require(
            RelayUsage.read(Array(#"{"choices":[{"delta":{"content":"Hel"}},{"delta":{"content":[{"type":"text"}]}}]}"#.utf8)[...]))
        #expect(chunk.usage == nil && chunk.textBytes == 3 && chunk.choiceCount == 2)

        let usageOnly = try #require(
            RelayUsage.read(Array(#"{"choices": [ ], "usage": {"prompt_tokens": 3, "completion_tokens": null}}"#.utf8)[...]))
        #expect(usageOnly.isUsageOnly && usageOnly.usage == RelayUsage(promptTokens: 3, completionTokens: nil))

        #expect(RelayUsage.read(Array(#"{"error":{"message":"boom"}}"#.utf8)[...])?.hasError == true)
        #expect(RelayUsage.read(Array(#"{"error":null,"usage":null}"#.utf8)[...]).map { !$0.hasError && $0.usage == nil } == true)
        #expect(RelayUsage.read(Array(#"[1,2]"#.utf8)[...]) == nil)
        #expect(RelayUsage.read(Array(#"{"choices":[1,"#.utf8)[...]) == nil)
    }

    @Test func scalarValuesAreReadAsJSONDefinesThem() {
        func bytes(_ text: String) -> ArraySlice<UInt8> { Array(text.utf8)[...] }
        #expect(RelayJSON.integer(bytes("16")) == 16 && RelayJSON.integer(bytes("-3")) == -3 && RelayJSON.integer(bytes("1e2")) == 100)
        #expect(RelayJSON.integer(bytes("1.5")) == nil && RelayJSON.integer(bytes(#""16""#)) == nil && RelayJSON.integer(bytes("-")) == nil)
        #expect(RelayJSON.integer(bytes("99999999999999999999")) == nil, "past Int's range")
        #expect(RelayJSON.text(bytes(#""plain""#)) == "plain" && RelayJSON.text(bytes(#""a\"b\u0041""#)) == "a\"bA")
        #expect(RelayJSON.text(bytes("12")) == nil && RelayJSON.text(bytes(#"""#)) == nil)
        #expect(RelayJSON.boolean(bytes("true")) == true && RelayJSON.boolean(bytes("false")) == false)
        #expect(RelayJSON.boolean(bytes(#""true""#)) == nil && RelayJSON.boolean(bytes("1")) == nil)
    }
}
