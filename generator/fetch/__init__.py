"""`refgen fetch`: download the reference pages a docs site publishes, lock them, and see
what changed upstream.

The modules, in the order the data flows:

- sources.py: the remote sources of refgen.yaml (`llms_txt:`, `sitemap:`, `urls:`) and the
  `fetch:` settings, read and checked with the rest of the configuration;
- urls.py: which links of an index are pages, the URL each is fetched from, and the file
  path it gets (derived so that no URL can name a file outside its folder);
- index.py: the links of an `llms.txt` or a sitemap;
- download.py: one safe GET (timeouts, retries with backoff, redirects kept on allowed hosts,
  size limits, conditional requests, content checks);
- lock.py: the lock file, and the check `refgen build` makes of the locked pages;
- run.py: a whole fetch (or `--check`), in memory, then written with the atomic tree swap;
- progress.py: a progress bar on a terminal, plain lines otherwise.

Nothing but run.py's last step touches the disk, and `refgen build` never imports the
network half (download.py, run.py).
"""
