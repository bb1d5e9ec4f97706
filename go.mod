module github.com/nmi-factbot/nmibot

go 1.26.0

require (
	github.com/hbollon/go-edlib v1.7.0
	github.com/kljensen/snowball v0.10.0
	github.com/sahilm/fuzzy v0.1.3
	go.yaml.in/yaml/v3 v3.0.6
	golang.org/x/text v0.43.0
)
