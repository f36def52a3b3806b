# The ansvarsgraf API and CLI. In docker-compose.yml it talks to the neo4j service.
FROM python:3.11-slim

# Tesseract (Swedish) reads scanned reports; Hunspell's Swedish dictionary repairs OCR text.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tesseract-ocr tesseract-ocr-swe poppler-utils \
      libhunspell-dev hunspell-sv build-essential \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY . .
RUN pip install --no-cache-dir . && useradd --create-home ansvarsgraf
USER ansvarsgraf

ENV ANSVARSGRAF_STORE=neo4j://neo4j:7687
EXPOSE 8000
CMD ["ansvarsgraf", "serve", "--host", "0.0.0.0", "--port", "8000"]
