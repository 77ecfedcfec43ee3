/* --images DIR: the files U-Boot would find on the boot partition, as config_blobs images. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tools/check.h"

bool check_images_from_dir(const char *dir, struct config_blobs *out)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	memset(out, 0, sizeof(*out));
	if (!d) {
		perror(dir);
		return false;
	}
	while ((e = readdir(d)) != NULL) {
		char path[4096];
		struct stat st;
		struct cfg_image *q;
		char *name;

		if (snprintf(path, sizeof(path), "%s/%s", dir, e->d_name) >= (int)sizeof(path) ||
		    stat(path, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		name = strdup(e->d_name);
		q = name ? realloc(out->images, (out->n_images + 1) * sizeof(*q)) : NULL;
		if (!q) {
			free(name);
			closedir(d);
			check_images_free(out);
			fprintf(stderr, "bulkhead-check: out of memory\n");
			return false;
		}
		out->images = q;
		out->images[out->n_images++] = (struct cfg_image){ name, 0, (uint64_t)st.st_size, NULL };
	}
	closedir(d);
	return true;
}

void check_images_free(struct config_blobs *b)
{
	for (size_t i = 0; i < b->n_images; i++)
		free((char *)b->images[i].name);
	config_blobs_free(b);
}
