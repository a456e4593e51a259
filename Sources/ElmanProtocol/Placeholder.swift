// placeholder: replaced by the ElmanProtocol implementation
