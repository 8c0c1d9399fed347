"""The NLP pipeline, the only spaCy user: read articles, parse them, find entity mentions,
resolve them within a document, date them and read relations off the parse.

Stages, in order: :mod:`~graph.pipeline.read`, :mod:`~graph.pipeline.nlp`,
:mod:`~graph.pipeline.spans` and :mod:`~graph.pipeline.extract`, :mod:`~graph.pipeline.resolve`,
:mod:`~graph.pipeline.dates`, :mod:`~graph.pipeline.relate`. Importing this package loads no
model; :func:`graph.pipeline.nlp.load_model` does.
"""
