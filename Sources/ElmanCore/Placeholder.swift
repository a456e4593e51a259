// placeholder: replaced by the ElmanCore implementation
