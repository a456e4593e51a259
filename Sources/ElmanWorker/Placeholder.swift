// placeholder: replaced by the ElmanWorker implementation
