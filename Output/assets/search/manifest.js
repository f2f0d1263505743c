docgenSearch.manifest({"format":1,"pages":15,"shards":[["0","zdnet"]],"chunks":[0]});
