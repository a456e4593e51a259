// placeholder: replaced by the ZeroMQ implementation
