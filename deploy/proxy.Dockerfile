# The reverse proxy: Debian's own nginx package, with deploy/nginx/compose.conf (rendered
# from deploy/nginx/intake.conf.template, the file `make run`'s production profile uses).
FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends nginx \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /var/lib/nginx/intake /etc/nginx/intake/conf.d
COPY deploy/nginx/compose.conf /etc/nginx/intake/nginx.conf
EXPOSE 8443
CMD ["nginx", "-c", "/etc/nginx/intake/nginx.conf", "-e", "stderr"]
