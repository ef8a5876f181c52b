import CVision

extension Image {
    /// The image in another colour space or channel layout (`cv2.cvtColor`); see
    /// `ColorConversion` for the value ranges.
    public func converted(_ conversion: ColorConversion) -> Image {
        precondition(channels == conversion.inputChannels,
                     "converted(\(conversion)): needs \(conversion.inputChannels) channels, image has \(channels)")
        return producing("converted(\(conversion))", width: width, height: height,
                         channels: conversion.outputChannels, format: format) {
            cv_convert_color($0, $1, conversion.cvCode)
        }
    }
}
