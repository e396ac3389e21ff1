module github.com/proecommerce/domains

go 1.26.8
