import Foundation
@testable import Models
import Support
import Testing
import Training

/// SAEHD's options against the reference's table (§5.2): defaults, ranges, DFL's rules, and
/// `--options FILE.json` checking.
@Suite struct SAEHDOptionsTests {
    @Test func defaultsAreDFLs() throws {
        let (values, notes) = try SAEHDOptions.resolve(given: [:])
        #expect(notes.isEmpty)
        let expected: [String: OptionValue] = [
            "resolution": .int(128), "face_type": .string("f"), "archi": .string("liae-ud"), "ae_dims": .int(256),
            "e_dims": .int(64), "d_dims": .int(64), "d_mask_dims": .int(22), "masked_training": .bool(true),
            "eyes_mouth_prio": .bool(false), "uniform_yaw": .bool(false), "blur_out_mask": .bool(false),
            "models_opt_on_gpu": .bool(false), "adabelief": .bool(true), "lr_dropout": .string("n"), "random_warp": .bool(true),
            "random_hsv_power": .double(0), "gan_power": .double(0), "gan_patch_size": .int(16), "gan_dims": .int(16),
            "true_face_power": .double(0), "face_style_power": .double(0), "bg_style_power": .double(0), "ct_mode": .string("none"),
            "clipgrad": .bool(false), "pretrain": .bool(false), "autobackup_hour": .int(0), "write_preview_history": .bool(false),
            "target_iter": .int(0), "random_src_flip": .bool(false), "random_dst_flip": .bool(true), "batch_size": .int(4),
            "default_mask": .string("hull"),
        ]
        #expect(values == expected)
        let dfls = Set(expected.keys).subtracting(["default_mask"])  // Masque's own option comes after DFL's keys
        #expect(Set(SAEHDOptions.keyOrder) == dfls && SAEHDOptions.keyOrder.count == dfls.count)
        #expect(try SAEHDOptions.resolve(given: [:], hasGPU: true).values["models_opt_on_gpu"] == .bool(true))
    }

    @Test func dflsRulesApply() throws {
        let (values, notes) = try SAEHDOptions.resolve(given: [
            "resolution": .int(200), "archi": .string("DF-UD"), "e_dims": .int(63), "true_face_power": .double(0.5),
            "ae_dims": .int(2000), "random_hsv_power": .double(0.9),
        ])
        #expect(values["resolution"] == .int(192))     // a multiple of 32 with -d
        #expect(values["archi"] == .string("df-ud"))
        #expect(values["e_dims"] == .int(64))          // odd → next even
        #expect(values["ae_dims"] == .int(1024))       // clamped
        #expect(values["random_hsv_power"] == .double(0.3))
        #expect(values["true_face_power"] == .double(0.5), "DF keeps true face power")
        #expect(values["gan_patch_size"] == .int(24))   // resolution / 8
        #expect(notes.count == 4, "\(notes)")
        let liae = try SAEHDOptions.resolve(given: ["archi": .string("liae"), "true_face_power": .double(0.5)])
        #expect(liae.values["true_face_power"] == .double(0) && liae.notes.contains { $0.contains("DF models only") })
        let plain = try SAEHDOptions.resolve(given: ["resolution": .int(200), "archi": .string("df")])
        #expect(plain.values["resolution"] == .int(192))
        #expect(try SAEHDOptions.resolve(given: ["resolution": .int(240), "archi": .string("df")]).values["resolution"] == .int(240))
        #expect(try SAEHDOptions.resolve(given: ["resolution": .int(240)]).values["resolution"] == .int(224))
    }

    @Test func decoderMaskDefaultFollowsTheStoredDecoderDims() throws {
        // A new model: d_mask_dims' default comes from the default d_dims (64 → 22), not a typed one.
        #expect(try SAEHDOptions.resolve(given: ["d_dims": .int(96)]).values["d_mask_dims"] == .int(22))
        let stored = try SAEHDOptions.resolve(given: ["d_dims": .int(96), "d_mask_dims": .int(32)]).values
        #expect(try SAEHDOptions.resolve(given: [:], stored: stored).values["d_mask_dims"] == .int(32))
    }

    @Test func optionsFixedAtCreationCannotChangeLater() throws {
        let stored = try SAEHDOptions.resolve(given: [:]).values
        #expect(throws: OptionError.self) { try SAEHDOptions.resolve(given: ["ae_dims": .int(512)], stored: stored) }
        #expect(throws: OptionError.self) { try SAEHDOptions.resolve(given: ["archi": .string("df")], stored: stored) }
        let later = try SAEHDOptions.resolve(given: ["batch_size": .int(16), "ae_dims": .int(256)], stored: stored)
        #expect(later.values["batch_size"] == .int(16))
        #expect(throws: OptionError.self) { try SAEHDOptions.resolve(given: ["archi": .string("df-x")]) }
    }

    @Test func storedValuesAreKeptAsTheyAreAndOnlyGivenOnesClamped() throws {
        let stored: [String: OptionValue] = ["e_dims": .int(4), "resolution": .int(200), "archi": .string("liae-ud"),
                                             "random_hsv_power": .double(0.5), "lr_dropout": .bool(true)]
        let (values, notes) = try SAEHDOptions.resolve(given: ["batch_size": .int(2)], stored: stored)
        #expect(values["e_dims"] == .int(4) && values["resolution"] == .int(200) && values["random_hsv_power"] == .double(0.5))
        #expect(values["lr_dropout"] == .string("y"), "DFL's legacy bool is read as y/n")
        #expect(notes.isEmpty, "\(notes)")
    }

    @Test func maskedTrainingIsForWholeFaceAndHeadOnly() throws {
        let full = try SAEHDOptions.resolve(given: ["masked_training": .bool(false)])
        #expect(full.values["masked_training"] == .bool(true) && !full.notes.isEmpty)
        let whole = try SAEHDOptions.resolve(given: ["face_type": .string("wf"), "masked_training": .bool(false)])
        #expect(whole.values["masked_training"] == .bool(false) && whole.notes.isEmpty)
    }

    @Test func jsonOptionFilesAreCheckedByName() throws {
        let (values, notes) = try ModelOptions.read(
            json: Data(#"{"ae_dims": 5000, "archi": "df-ud", "lr_dropout": true, "clipgrad": "y", "gan_power": 1}"#.utf8),
            source: "opts.json", descriptors: SAEHDOptions.descriptors)
        #expect(values["ae_dims"] == .int(1024) && notes.count == 1)
        #expect(values["lr_dropout"] == .string("y"), "a legacy bool lr_dropout reads as y/n")
        #expect(values["clipgrad"] == .bool(true) && values["gan_power"] == .double(1))
        for (json, fragment) in [(#"{"ae_dim": 256}"#, "unknown option 'ae_dim'"), (#"{"ct_mode": "abc"}"#, "ct_mode 'abc'"),
                                 (#"{"batch_size": "many"}"#, "batch_size takes"), (#"[1, 2]"#, "not a JSON object")] {
            #expect {
                try ModelOptions.read(json: Data(json.utf8), source: "opts.json", descriptors: SAEHDOptions.descriptors)
            } throws: { error in
                let message = (error as? OptionError)?.message ?? ""
                return message.hasPrefix("opts.json") && message.contains(fragment) && !message.contains("\n")
            }
        }
    }

    @Test func optionsBuildTheirNetwork() throws {
        let (values, _) = try SAEHDOptions.resolve(given: ["resolution": .int(64), "ae_dims": .int(32), "e_dims": .int(16),
                                                           "d_dims": .int(16), "d_mask_dims": .int(16), "archi": .string("df-t")])
        let (architecture, dimensions) = try SAEHDOptions.network(values)
        let network = SAEHDNetwork(architecture: architecture, dimensions: dimensions)
        #expect(network.parameterCount == SAEHDArchitectureTests.Formula.total(architecture, dimensions))
    }
}

/// The options that shape the samples reach the sample processors of each side.
@Suite struct SAEHDSampleOptionsTests {
    static func model(_ given: [String: OptionValue]) throws -> SAEHDModel {
        try SAEHDModel(options: SAEHDOptions.resolve(given: SAEHDTrainingStepTests.tiny.merging(given) { $1 }).values)
    }

    @Test func srcTakesColourTransferAndHSVAndPretrainingOverridesThem() throws {
        let model = try Self.model(["ct_mode": .string("rct"), "random_hsv_power": .double(0.1), "uniform_yaw": .bool(true)])
        let (source, destination) = (model.sampleProcessor(source: true), model.sampleProcessor(source: false))
        #expect(source.colorTransfer == .rct && destination.colorTransfer == nil)
        #expect(source.hsvPower == 0.1 && destination.hsvPower == 0)
        #expect(source.uniformYaw && destination.uniformYaw)
        let pretraining = try Self.model(["ct_mode": .string("rct"), "random_hsv_power": .double(0.1), "pretrain": .bool(true),
                                          "random_warp": .bool(true), "random_src_flip": .bool(false)])
        let pretrainSource = pretraining.sampleProcessor(source: true)
        #expect(pretrainSource.colorTransfer == nil && pretrainSource.hsvPower == 0 && !pretrainSource.randomWarp)
        #expect(pretrainSource.randomFlip && pretrainSource.uniformYaw)
    }
}
