docgenSearch.manifest({"format":2,"pages":15,"shards":[["0","zdnet"]],"chunks":[0]});
