# QuizLab. `make run` and `make test` each set everything up from scratch when needed.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test serve bench install messages clean-data lint hashes

$(STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

install: $(STAMP)

# Serve at once on SQLite; train missing demo models in the background (progress on /demos/).
run: export DEBUG ?= 1
run: $(STAMP)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_bank
	$(PY) manage.py setup_roles --demo-instructor
	mkdir -p var
	nice -n 10 $(PY) manage.py train_demos > var/train_demos.log 2>&1 &
	$(PY) manage.py runserver $(HOST):$(PORT)

test: $(STAMP)
	$(PY) -m pytest $(PYTEST_ARGS)

# Production: gunicorn, DEBUG off (so HTTPS only: `HTTPS=0 make serve` to try it on plain HTTP),
# hashed and compressed static files served by whitenoise. `check --deploy` refuses to go on while the
# demo instructor of `make run` is active (`manage.py setup_roles` deactivates it).
serve: $(STAMP)
	mkdir -p var
	test -s var/secret_key || $(PY) -c "import secrets; print(secrets.token_urlsafe(50))" > var/secret_key
	DEBUG=0 SECRET_KEY=$$(cat var/secret_key) $(PY) manage.py migrate --noinput
	DEBUG=0 SECRET_KEY=$$(cat var/secret_key) $(PY) manage.py check --deploy
	DEBUG=0 SECRET_KEY=$$(cat var/secret_key) $(PY) manage.py collectstatic --noinput -v0
	DEBUG=0 SECRET_KEY=$$(cat var/secret_key) $(PY) manage.py load_bank
	DEBUG=0 SECRET_KEY=$$(cat var/secret_key) $(PY) manage.py setup_roles
	DEBUG=0 SECRET_KEY=$$(cat var/secret_key) $(VENV)/bin/gunicorn quizsite.wsgi \
		--bind $(HOST):$(PORT) --workers $${WORKERS:-4} --threads $${THREADS:-2} --access-logfile -

# Exam day (N students on gunicorn, SQLite then PostgreSQL), then every other bench/ module.
# BENCH_STUDENTS=5 make bench is a quick check; bench/exam_day.py lists the other knobs.
bench: $(STAMP)
	$(PY) -m bench

# Rebuild the compiled translations from locale/*/LC_MESSAGES/django.po.
messages: $(STAMP)
	DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv

# After changing requirements.txt: pin each file pip installs by its sha256 (requirements.lock, for
# `pip install --require-hashes -r requirements.lock`); tests/security/test_supply_chain.py checks they agree.
hashes: $(STAMP)
	$(PY) scripts/lock_requirements.py

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

clean-data:
	rm -rf var staticfiles
