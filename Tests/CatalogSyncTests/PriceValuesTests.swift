import Foundation
import HangarCore
import Testing

@testable import CatalogSync

/// LiteLLM's per-token prices become the catalog's per-million prices exactly.
@Suite struct PriceValuesTests {
    func entry(_ json: String) throws -> PriceEntry {
        try JSONDecoder().decode(PriceEntry.self, from: Data(json.utf8))
    }

    @Test func perTokenPricesBecomeExactPerMillionPrices() throws {
        let values = PriceValues(try entry(#"{"input_cost_per_token": 0.00000015, "output_cost_per_token": 6e-07}"#))
        #expect(values.costInputPerMillion == Decimal(string: "0.15"))
        #expect(values.costOutputPerMillion == Decimal(string: "0.6"))
        let precise = PriceValues(try entry(#"{"input_cost_per_token": 1.25e-06, "output_cost_per_token": 0.000012345}"#))
        #expect(precise.costInputPerMillion == Decimal(string: "1.25"))
        #expect(precise.costOutputPerMillion == Decimal(string: "12.345"))
        #expect(precise.notes.isEmpty)
    }

    @Test func aSeventhDecimalIsRoundedAndSaid() throws {
        let values = PriceValues(try entry(#"{"input_cost_per_token": 1.2345678e-12}"#))
        #expect(values.costInputPerMillion == Decimal(string: "0.000001"))
        #expect(values.notes.count == 1)
    }

    @Test func limitsAreFittedToTheCatalogsRanges() throws {
        let values = PriceValues(try entry(#"{"max_input_tokens": 3000000, "max_output_tokens": 100}"#))
        #expect(values.contextWindow == 2_000_000)
        #expect(values.maxOutputTokens == nil)
        let legacy = PriceValues(try entry(#"{"max_input_tokens": 128000, "max_tokens": 16384}"#))
        #expect(legacy.contextWindow == 128_000)
        #expect(legacy.maxOutputTokens == 16384)
        let same = PriceValues(try entry(#"{"max_input_tokens": 8192, "max_tokens": 8192}"#))
        #expect(same.maxOutputTokens == nil)
    }

    @Test func badValuesAreLeftOutNotFatal() throws {
        let values = PriceValues(
            try entry(#"{"input_cost_per_token": "cheap", "max_input_tokens": -5, "deprecation_date": "2026-02-30", "mode": 3}"#))
        #expect(values.costInputPerMillion == nil)
        #expect(values.contextWindow == nil)
        #expect(values.deprecationDate == nil)
    }

    @Test func theSampleSpecEntryIsIgnored() throws {
        let data = try JSONDecoder().decode(
            PriceData.self,
            from: Data(
                #"{"sample_spec": {"input_cost_per_token": 0.0, "max_tokens": "LEGACY"}, "gpt-4o": {"input_cost_per_token": 2.5e-06}, "odd": 3}"#
                    .utf8))
        #expect(data.entries["sample_spec"] == nil)
        #expect(data.entries.count == 2)
        #expect(data.entries["odd"] == PriceEntry())
    }

    @Test func theShippedSnapshotReadsAndPricesKnownModels() throws {
        let data = try PriceDataSource.snapshot()
        #expect(data.entries.count > 1000)
        let (key, entry) = try #require(PriceMatch.entry(in: data, kind: .openai, apiName: "gpt-4o-mini"))
        #expect(key == "gpt-4o-mini")
        #expect(PriceValues(entry).costInputPerMillion != nil)
        #expect(PriceMatch.entry(in: data, kind: .mistral, apiName: "mistral-large-latest")?.key == "mistral/mistral-large-latest")
        #expect(PriceMatch.entry(in: data, kind: .local, apiName: "gpt-4o-mini") == nil)
    }
}
