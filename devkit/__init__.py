"""devkit: development and training tools, apart from what the pipeline imports at run time.

- ``devkit.paths``: where the committed sample plans and the read-only ``../shared`` folder are;
- ``devkit.synth``: the scan simulator (render text to degraded page images, photos, PDFs);
- ``devkit.samples``: the bundled samples ``make ingest`` puts in ``data/raw``;
- ``devkit.channel``, ``devkit.build_model``: training of the restoration model (``make model``): the
  OCR error channels learned from rendered corpus pages, the language model and lexicon.

The stage packages (``ingest``, ``normalize``, ``extract``) and the application layer (``vnplan``)
never import this package (``make lint`` checks it); tests and benchmarks do.
"""
