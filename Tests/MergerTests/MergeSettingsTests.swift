import Imaging
import Merger
import Support
import TestSupport
import Testing

@Suite struct MergeSettingsTests {
    @Test func defaultsAreDFLsMergerConfigMasked() {
        let settings = MergeSettings()
        #expect(settings.mode == .overlay)
        #expect(settings.maskMode == .learnedPrdTimesLearnedDst)
        #expect(settings.colorTransfer == .rct)
        #expect(settings.maskedHistMatch && settings.histMatchThreshold == 238)
        #expect(settings.erodeMaskModifier == 0 && settings.blurMaskModifier == 0 && settings.outputFaceScale == 0)
        for descriptor in MergeSettings.descriptors {
            #expect(settings.options[descriptor.name] != nil, "\(descriptor.name) has no value")
        }
        #expect(Set(settings.options.keys) == Set(MergeSettings.descriptors.map(\.name)))
    }

    @Test func takesDFLsNumbersAndNamesAndClampsToDFLsRanges() throws {
        let (settings, notes) = try MergeSettings().applying([
            "mode": .int(3), "mask_mode": .int(9), "color_transfer_mode": .int(4), "sharpen_mode": .int(2),
            "erode_mask_modifier": .int(900), "blur_mask_modifier": .string("-5"), "output_face_scale": .int(-20),
        ], source: "test")
        #expect(settings.mode == .seamless)
        #expect(settings.maskMode == .learnedTimesXSeg)
        #expect(settings.colorTransfer == .mklMasked)
        #expect(settings.sharpenMode == .gaussian)
        #expect(settings.erodeMaskModifier == 400)
        #expect(settings.blurMaskModifier == 0)
        #expect(settings.outputFaceScale == -20)
        #expect(notes.count == 2, "\(notes)")
        let named = try MergeSettings().applying(["mask_mode": .string("XSeg-prd*XSeg-dst"), "color_transfer_mode": .string("none")], source: "test").settings
        #expect(named.maskMode == .xsegPrdTimesXSegDst && named.maskMode.needsXSeg)
        #expect(named.colorTransfer == nil)
    }

    @Test func refusesUnknownKeysAndValuesNamingTheSource() {
        #expect(throws: OptionError.self) { try MergeSettings().applying(["mask": .int(1)], source: "clip.json") }
        do {
            _ = try MergeSettings().applying(["mode": .string("blend")], source: "clip.json")
            Issue.record("an unknown mode was taken")
        } catch {
            #expect(error.message.contains("clip.json") && error.message.contains("mode"), "\(error.message)")
        }
    }

    @Test func givenSettingsOutOfRangeAreRefusedNamingTheKey() {
        do {
            _ = try MergeSession().updating(["erode_mask_modifier": .int(900)], frame: nil, source: "clip.json", clamping: false)
            Issue.record("an out-of-range setting was taken")
        } catch {
            #expect("\(error)".contains("clip.json") && "\(error)".contains("erode_mask_modifier"), "\(error)")
        }
    }

    @Test func modesAndMaskModesKeepDFLsNumbers() {
        #expect(MergeMode.allCases.map(\.rawValue) == ["original", "overlay", "hist-match", "seamless", "seamless-hist-match", "raw-rgb", "raw-predict"])
        #expect(MaskMode(dflNumber: 4) == .learnedPrdTimesLearnedDst)
        #expect(MaskMode.allCases.map(\.dflNumber) == Array(0...9))
        #expect(MaskMode.allCases.filter(\.needsXSeg).map(\.dflNumber) == [6, 7, 8, 9])
    }

    @Test func sessionKeepsPerFrameOverridesAndFingerprintsTheSettings() throws {
        let folder = try TemporaryDirectory("merge-session")
        let file = folder.file(MergeSession.fileName)
        var session = try MergeSession().updating(["blur_mask_modifier": .int(30)], frame: nil, source: "test").session
        session = try session.updating(["mode": .string("seamless"), "blur_mask_modifier": .int(30)], frame: "00003", source: "test").session
        #expect(session.overrides["00003"] == ["mode": .string("seamless")])
        #expect(try session.settings(forFrame: "00003").mode == .seamless)
        #expect(try session.settings(forFrame: "00003").blurMaskModifier == 30)
        #expect(try session.settings(forFrame: "00004").mode == .overlay)
        session.finished["00001"] = MergeSession.fingerprint(model: "m@1", settings: session.settings)
        try session.write(to: file)
        #expect(try MergeSession.read(file) == session)
        var changed = session.settings
        changed.blurMaskModifier = 31
        #expect(MergeSession.fingerprint(model: "m@1", settings: changed) != session.finished["00001"])
        #expect(MergeSession.fingerprint(model: "m@2", settings: session.settings) != session.finished["00001"])
    }
}
