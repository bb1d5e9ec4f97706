wrk.method = "POST"
wrk.body   = '{"question":"Qui commande la NMI ?"}'
wrk.headers["Content-Type"] = "application/json"
